package io.github.healthgrpc.boot4.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.internal.boot.testing.LifecycleContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start-up and shutdown of health-grpc with Spring Boot 4's gRPC server, over TCP on
 * 127.0.0.1: the contract both lines share, and the availability probes Spring Boot 4 has
 * on by default.
 */
class LifecycleIntegrationTests extends LifecycleContract {

	LifecycleIntegrationTests() {
		super(Boot4Line.INSTANCE);
	}

	@Override
	protected String gracePeriodProperty() {
		return "spring.grpc.server.shutdown.grace-period";
	}

	@Test
	void theOverallStatusIsServingOnceSpringBootHasMadeTheApplicationReady() {
		List<String> firstAnswers = firstAnswersOfTheNextStart();
		start("UP");
		// Spring Boot 4 has its availability probes on by default, and the overall status
		// includes them: while the context starts, liveness is not yet CORRECT nor
		// readiness ACCEPTING_TRAFFIC.
		assertThat(firstAnswers).containsExactly(" NOT_SERVING", "db SERVING", "ping SERVING", "test.Echo NOT_SERVING");
		// Availability changes are pushed at once, without waiting for a refresh.
		await().atMost(Duration.ofSeconds(2)).until(() -> client().check("") == ServingStatus.SERVING);
		assertThat(client().check("test.Echo")).isEqualTo(ServingStatus.SERVING);
		assertThat(client().check("readiness")).isEqualTo(ServingStatus.SERVING);
	}

}
