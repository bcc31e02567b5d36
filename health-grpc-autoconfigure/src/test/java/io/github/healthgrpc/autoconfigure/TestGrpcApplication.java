package io.github.healthgrpc.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Empty;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import net.devh.boot.grpc.server.service.GrpcService;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A net.devh gRPC application for integration tests: a {@code db} indicator the test
 * switches, and one gRPC service of its own, {@code test.Echo}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestGrpcApplication {

	static final MethodDescriptor<Empty, Empty> ECHO = MethodDescriptor.<Empty, Empty>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName("test.Echo/Say")
		.setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
		.build();

	/** Servers started by the application, as net.devh announced them. */
	static final List<Server> STARTED = new CopyOnWriteArrayList<>();

	// One per application, in the state the test started it with.
	@Bean
	SwitchableIndicator dbHealthIndicator(@Value("${test.db-status}") String status) {
		return new SwitchableIndicator(new Status(status));
	}

	/** The application's own {@code db} indicator. */
	static SwitchableIndicator db(ApplicationContext context) {
		return context.getBean("dbHealthIndicator", SwitchableIndicator.class);
	}

	@Bean
	@GrpcService
	BindableService echoService() {
		return () -> ServerServiceDefinition.builder("test.Echo")
			.addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext(request);
				response.onCompleted();
			}))
			.build();
	}

	@Bean
	ApplicationListener<GrpcServerStartedEvent> recordStartedServer() {
		return (event) -> STARTED.add(event.getServer());
	}

	/**
	 * Starts the application on a free port of 127.0.0.1 with the db indicator in the
	 * given state.
	 */
	static ConfigurableApplicationContext start(Status db, String... properties) {
		STARTED.clear();
		String[] all = new String[properties.length + 4];
		all[0] = "grpc.server.address=127.0.0.1";
		all[1] = "grpc.server.port=0";
		all[2] = "spring.main.banner-mode=off";
		all[3] = "test.db-status=" + db.getCode();
		System.arraycopy(properties, 0, all, 4, properties.length);
		return new SpringApplicationBuilder(TestGrpcApplication.class).web(WebApplicationType.NONE)
			.properties(all)
			.run();
	}

	static int port() {
		return STARTED.get(STARTED.size() - 1).getPort();
	}

}
