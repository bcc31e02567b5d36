package io.github.healthgrpc.autoconfigure;

import java.util.UUID;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.boot.testing.GrpcServerIntegrationContract;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * health-grpc inside a real net.devh gRPC server: the contract both lines share, and
 * net.devh's own health service replaced, or back when health-grpc is disabled.
 */
class NetDevhIntegrationTests extends GrpcServerIntegrationContract {

	NetDevhIntegrationTests() {
		super(Boot35Line.INSTANCE);
	}

	@Test
	void netDevhsHealthServiceSwitchedOnExplicitlyIsStillReplaced() {
		start("DOWN", "grpc.server.health-service-enabled=true");
		assertThat(healthServices()).hasSize(1);
		assertThat(client().check("")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void whenDisabledNetDevhsOwnHealthServiceIsBackUntouched() {
		start("DOWN", "grpc.health.enabled=false");
		assertThat(context().getBeansOfType(HealthStatusManager.class)).hasSize(1);
		assertThat(healthServices()).hasSize(1);
		// net.devh's stock service: SERVING whatever the indicators say, and no List.
		assertThat(client().check("")).isEqualTo(ServingStatus.SERVING);
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(client()::list)
			.extracting((ex) -> ex.getStatus().getCode())
			.isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	@Test
	void registeredServicesArePublishedWithTheOverallStatus() {
		start("UP");
		assertThat(client().list()).containsEntry("test.Echo", ServingStatus.SERVING)
			.containsEntry("grpc.reflection.v1alpha.ServerReflection", ServingStatus.SERVING)
			.containsEntry("", ServingStatus.SERVING)
			.doesNotContainKey("grpc.health.v1.Health");
		indicator(context(), "db").setStatus("DOWN");
		context().getBean(HealthEngine.class).refreshNow();
		assertThat(client().check("test.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void netDevhsInProcessServerWorksToo() {
		String name = "health-" + UUID.randomUUID();
		start("DOWN", "grpc.server.in-process-name=" + name, "grpc.server.port=-1");
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

}
