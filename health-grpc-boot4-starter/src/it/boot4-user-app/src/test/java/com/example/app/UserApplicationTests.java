package com.example.app;

import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.github.healthgrpc.internal.protocol.v1.HealthListRequest;
import io.github.healthgrpc.internal.protocol.v1.HealthListResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import static org.assertj.core.api.Assertions.assertThat;

class UserApplicationTests {

	@Test
	void theApplicationStartsAndServesCheckWatchAndListFromActuator() throws Exception {
		Server[] started = new Server[1];
		SpringApplication application = new SpringApplication(UserApplication.class);
		application.addListeners((GrpcServerStartedEvent event) -> started[0] = event.getServer());
		try (ConfigurableApplicationContext context = application.run()) {
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", started[0].getPort())
				.usePlaintext()
				.build();
			try {
				HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS);
				assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
					.isEqualTo(ServingStatus.SERVING);
				assertThat(health.check(HealthCheckRequest.newBuilder().setService("orders").build()).getStatus())
					.isEqualTo(ServingStatus.SERVING);
				assertThat(health.check(HealthCheckRequest.newBuilder().setService("acme.Echo").build()).getStatus())
					.isEqualTo(ServingStatus.SERVING);
				// grpc-java's own stubs predate List: the method is called by its name, as any client may.
				MethodDescriptor<HealthListRequest, HealthListResponse> list = MethodDescriptor
					.<HealthListRequest, HealthListResponse>newBuilder()
					.setType(MethodDescriptor.MethodType.UNARY)
					.setFullMethodName("grpc.health.v1.Health/List")
					.setRequestMarshaller(ProtoUtils.marshaller(HealthListRequest.getDefaultInstance()))
					.setResponseMarshaller(ProtoUtils.marshaller(HealthListResponse.getDefaultInstance()))
					.build();
				Map<String, HealthCheckResponse> listed = ClientCalls
					.blockingUnaryCall(channel, list, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
							HealthListRequest.getDefaultInstance())
					.getStatusesMap();
				assertThat(listed).containsKeys("", "ping", "orders", "acme.Echo");
				Iterator<HealthCheckResponse> watch = health
					.watch(HealthCheckRequest.newBuilder().setService("orders").build());
				assertThat(watch.next().getStatus()).isEqualTo(ServingStatus.SERVING);
				List<String> healthServices = new ArrayList<>();
				started[0].getServices().forEach((service) -> {
					if (service.getServiceDescriptor().getName().equals("grpc.health.v1.Health")) {
						healthServices.add(service.getServiceDescriptor().getName());
					}
				});
				assertThat(healthServices).as("exactly one health service: Spring Boot's own backed off")
					.hasSize(1);
				assertThat(context.containsBean("grpcServerHealthService")).isFalse();
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void everyGrpcJavaJarHasTheSameVersion() {
		Pattern grpcJar = Pattern.compile("(grpc-[a-z-]+)-(\\d+\\.\\d+\\.\\d+)\\.jar$");
		Map<String, String> versions = new TreeMap<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Matcher matcher = grpcJar.matcher(entry);
			if (matcher.find() && entry.contains("io" + File.separator + "grpc")) {
				versions.put(matcher.group(1), matcher.group(2));
			}
		}
		assertThat(versions).containsKeys("grpc-api", "grpc-core", "grpc-services", "grpc-netty");
		assertThat(versions.values()).as("grpc-java versions: %s", versions).containsOnly(versions.get("grpc-api"));
	}

}
