package io.github.healthgrpc.boot4.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Empty;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerTerminatedEvent;

/**
 * A Spring Boot 4 gRPC application for integration tests, with every auto-configuration
 * of the class path: a {@code db} indicator the test switches, and one gRPC service of
 * its own, {@code test.Echo}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestGrpcApplication {

	static final SwitchableIndicator DB = SwitchableIndicator.up();

	static final MethodDescriptor<Empty, Empty> ECHO = MethodDescriptor.<Empty, Empty>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName("test.Echo/Say")
		.setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
		.build();

	/** Servers started by the application, as Spring Boot announced them. */
	static final List<GrpcServerStartedEvent> STARTED = new CopyOnWriteArrayList<>();

	/** What happened to the server at close, in order. */
	static final List<String> STOPPING = new CopyOnWriteArrayList<>();

	@Bean
	HealthIndicator dbHealthIndicator() {
		return DB;
	}

	@Bean
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
		return STARTED::add;
	}

	@Bean
	ApplicationListener<GrpcServerShutdownEvent> recordServerShutdown(ObjectProvider<HealthGrpcService> health) {
		return (event) -> {
			HealthGrpcService service = health.getIfAvailable();
			STOPPING.add("shutdown with open Watch streams: " + ((service != null) ? service.openWatchCount() : "-"));
		};
	}

	@Bean
	ApplicationListener<GrpcServerTerminatedEvent> recordServerTerminated() {
		return (event) -> STOPPING.add("terminated");
	}

	/**
	 * Starts the application on a free port of 127.0.0.1 with the db indicator in the
	 * given state.
	 */
	static ConfigurableApplicationContext start(Status db, String... properties) {
		DB.reset(db);
		STARTED.clear();
		STOPPING.clear();
		String[] all = new String[properties.length + 3];
		all[0] = "spring.grpc.server.address=127.0.0.1";
		all[1] = "spring.grpc.server.port=0";
		all[2] = "spring.main.banner-mode=off";
		System.arraycopy(properties, 0, all, 3, properties.length);
		return new SpringApplicationBuilder(TestGrpcApplication.class).web(WebApplicationType.NONE)
			.properties(all)
			.run();
	}

	static int port() {
		return STARTED.get(STARTED.size() - 1).getPort();
	}

}
