package io.github.healthgrpc;

import io.github.healthgrpc.internal.engine.EvaluationOutcome;
import io.grpc.health.v1.HealthCheckResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbers and tags that leave the process: wire numbers of statuses (metrics and
 * Watch), and the tags of metrics.
 */
class ServingStatusTests {

	@ParameterizedTest
	@EnumSource(ServingStatus.class)
	void eachStatusHasTheNumberOfTheWire(ServingStatus status) {
		assertThat(status.getNumber()).isEqualTo(HealthCheckResponse.ServingStatus.valueOf(status.name()).getNumber());
	}

	@ParameterizedTest
	@EnumSource(EvaluationOutcome.class)
	void evaluationOutcomeTagsAreLowerCaseNames(EvaluationOutcome outcome) {
		assertThat(outcome.tag()).isEqualTo(outcome.name().toLowerCase(java.util.Locale.ROOT)).isNotEmpty();
	}

}
