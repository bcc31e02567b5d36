package com.example.app;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class UserApplicationTests {

	@Test
	void theApplicationStartsAndServesHealthFromActuator() throws Exception {
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
				assertThat(health.check(HealthCheckRequest.newBuilder().setService("ping").build()).getStatus())
					.isEqualTo(ServingStatus.SERVING);
				assertThat(started[0].getServices()).filteredOn(
						(service) -> service.getServiceDescriptor().getName().equals("grpc.health.v1.Health"))
					.singleElement()
					.satisfies((service) -> assertThat(service.getServiceDescriptor().getMethods()).hasSize(3));
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
		assertThat(versions).containsKeys("grpc-api", "grpc-core", "grpc-services", "grpc-netty-shaded");
		assertThat(versions.values()).as("grpc-java versions: %s", versions).containsOnly(versions.get("grpc-api"));
	}

}
