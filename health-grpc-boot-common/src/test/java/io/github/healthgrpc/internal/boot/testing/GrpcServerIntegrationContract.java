package io.github.healthgrpc.internal.boot.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.testing.RecordingObserver;
import io.grpc.CallOptions;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What health-grpc must be inside the gRPC server of either Spring Boot line, in the
 * line's test application over TCP on 127.0.0.1 with the canonical client: the server has
 * exactly one health service, health-grpc's (Check, Watch and List); the application's
 * own services are served alongside and follow the overall status; a Watch follows an
 * indicator that goes down and up again. Each line's test extends this with its
 * {@link SpringBootLine}.
 */
public abstract class GrpcServerIntegrationContract extends AbstractApplicationTests {

	private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

	protected GrpcServerIntegrationContract(SpringBootLine line) {
		super(line);
	}

	@Test
	void exactlyOneHealthServiceIsRegisteredAndItIsOurs() {
		start("UP");
		List<ServerServiceDefinition> health = healthServices();
		assertThat(health).hasSize(1);
		assertThat(health.get(0).getServiceDescriptor().getMethods()).extracting("bareMethodName")
			.containsExactlyInAnyOrder("Check", "Watch", "List");
		assertThat(context().getBeansOfType(HealthGrpcService.class)).hasSize(1);
	}

	@Test
	void theApplicationsOwnServicesAreServedAlongside() {
		start("UP");
		assertThat(ClientCalls.blockingUnaryCall(client().channel(), TestApplicationSupport.ECHO,
				CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), Empty.getDefaultInstance()))
			.isEqualTo(Empty.getDefaultInstance());
		// As "" does, once the application is ready.
		await().until(() -> client().check("test.Echo") == ServingStatus.SERVING);
	}

	@Test
	void watchFollowsAnIndicatorThatGoesDownAndUpAgain() {
		start("UP", "grpc.health.refresh-interval=100ms");
		RecordingObserver watch = new RecordingObserver();
		client().watch("db", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.SERVING));
		indicator(context(), "db").setStatus("DOWN");
		await().until(() -> watch.statuses.contains(ServingStatus.NOT_SERVING));
		indicator(context(), "db").setStatus("UP");
		await().until(() -> watch.statuses.size() == 3);
		assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING,
				ServingStatus.SERVING);
		assertThat(watch.end).isNotDone();
	}

	/**
	 * The health services of the first server the application started.
	 * @return their definitions
	 */
	protected final List<ServerServiceDefinition> healthServices() {
		return TestApplicationSupport.servers()
			.get(0)
			.getServices()
			.stream()
			.filter((service) -> service.getServiceDescriptor().getName().equals(HEALTH_SERVICE))
			.toList();
	}

}
