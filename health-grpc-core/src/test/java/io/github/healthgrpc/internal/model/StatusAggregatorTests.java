package io.github.healthgrpc.internal.model;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusAggregatorTests {

	private final StatusAggregator aggregator = StatusAggregator.ordered(StatusCodes.DEFAULT_ORDER);

	@Test
	void theMostSevereCodeWins() {
		assertThat(this.aggregator.aggregate(Set.of("UP", "DOWN", "OUT_OF_SERVICE"))).isEqualTo("DOWN");
		assertThat(this.aggregator.aggregate(Set.of("UP", "OUT_OF_SERVICE"))).isEqualTo("OUT_OF_SERVICE");
		assertThat(this.aggregator.aggregate(Set.of("UP"))).isEqualTo("UP");
	}

	@Test
	void codesOutsideTheOrderAreIgnoredAndNoneKnownIsUnknown() {
		assertThat(this.aggregator.aggregate(Set.of("UP", "DEGRADED"))).isEqualTo("UP");
		assertThat(this.aggregator.aggregate(Set.of("DEGRADED"))).isEqualTo(StatusCodes.UNKNOWN);
	}

	@Test
	void aCustomOrderIsComparedCaseInsensitivelyAndAnswersInItsOwnCase() {
		StatusAggregator custom = StatusAggregator.ordered(List.of("fatal", "DOWN", "UP"));
		assertThat(custom.aggregate(Set.of("UP", "FATAL"))).isEqualTo("FATAL");
		assertThat(custom.aggregate(Set.of("up", "down"))).isEqualTo("DOWN");
	}

	@Test
	void codesAreComparedAsSpringBootComparesThemLettersAndDigitsOnly() {
		StatusAggregator custom = StatusAggregator.ordered(List.of("out-of-service", "UP"));
		assertThat(custom.aggregate(Set.of("UP", "OUT_OF_SERVICE"))).isEqualTo("OUT-OF-SERVICE");
		assertThat(custom.aggregate(Set.of("OutOfService"))).isEqualTo("OUT-OF-SERVICE");
	}

}
