package io.github.healthgrpc.autoconfigure;

import java.util.List;
import java.util.UUID;

import io.github.healthgrpc.testing.CanonicalHealthClient;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * health-grpc inside a real net.devh gRPC server.
 */
class NetDevhIntegrationTests {

	private ConfigurableApplicationContext context;

	private final CanonicalHealthClient client = new CanonicalHealthClient(TestGrpcApplication::port);

	@AfterEach
	void stop() throws InterruptedException {
		this.client.close();
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void exactlyOneHealthServiceIsRegisteredAndItIsOurs() {
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.UP);
		List<ServerServiceDefinition> health = healthServices();
		assertThat(health).hasSize(1);
		assertThat(health.get(0).getServiceDescriptor().getMethods()).extracting("bareMethodName")
			.containsExactlyInAnyOrder("Check", "Watch", "List");
	}

	@Test
	void netDevhsHealthServiceSwitchedOnExplicitlyIsStillReplaced() {
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.DOWN,
				"grpc.server.health-service-enabled=true");
		assertThat(healthServices()).hasSize(1);
		assertThat(this.client.check("")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void whenDisabledNetDevhsOwnHealthServiceIsBackUntouched() {
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.DOWN,
				"grpc.health.enabled=false");
		assertThat(this.context.getBeansOfType(HealthStatusManager.class)).hasSize(1);
		assertThat(healthServices()).hasSize(1);
		// net.devh's stock service: SERVING whatever the indicators say, and no List.
		assertThat(this.client.check("")).isEqualTo(ServingStatus.SERVING);
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(this.client::list)
			.extracting((ex) -> ex.getStatus().getCode())
			.isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	@Test
	void registeredServicesArePublishedWithTheOverallStatus() {
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.UP);
		assertThat(this.client.list()).containsEntry("test.Echo", ServingStatus.SERVING)
			.containsEntry("grpc.reflection.v1alpha.ServerReflection", ServingStatus.SERVING)
			.containsEntry("", ServingStatus.SERVING)
			.doesNotContainKey("grpc.health.v1.Health");
		TestGrpcApplication.db(this.context).setStatus(org.springframework.boot.actuate.health.Status.DOWN);
		this.context.getBean(HealthEngine.class).refreshNow();
		assertThat(this.client.check("test.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void netDevhsInProcessServerWorksToo() {
		String name = "health-" + UUID.randomUUID();
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.DOWN,
				"grpc.server.in-process-name=" + name, "grpc.server.port=-1");
		ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
		try {
			assertThat(HealthGrpc.newBlockingStub(channel)
				.check(HealthCheckRequest.newBuilder().setService("db").build())
				.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
		}
		finally {
			channel.shutdownNow();
		}
	}

	private List<ServerServiceDefinition> healthServices() {
		return TestGrpcApplication.STARTED.get(0)
			.getServices()
			.stream()
			.filter((service) -> service.getServiceDescriptor().getName().equals("grpc.health.v1.Health"))
			.toList();
	}

}
