package io.github.healthgrpc.internal.engine;

import java.util.HashMap;
import java.util.Map;

import io.github.healthgrpc.ServingStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SimpleServingStatusMapperTests {

	@Test
	void defaultsFollowTheActuatorMeaningOfEachStatus() {
		SimpleServingStatusMapper mapper = new SimpleServingStatusMapper();
		assertThat(mapper.map("UP")).isEqualTo(ServingStatus.SERVING);
		assertThat(mapper.map("DOWN")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(mapper.map("OUT_OF_SERVICE")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(mapper.map("UNKNOWN")).isEqualTo(ServingStatus.UNKNOWN);
	}

	@Test
	void unlistedCodesAreServing() {
		assertThat(new SimpleServingStatusMapper().map("DEGRADED")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void overridesWinOverDefaultsAndMatchCaseInsensitively() {
		SimpleServingStatusMapper mapper = new SimpleServingStatusMapper(
				Map.of("out-of-service", ServingStatus.SERVING, "degraded", ServingStatus.NOT_SERVING));
		assertThat(mapper.map("OUT_OF_SERVICE")).isEqualTo(ServingStatus.SERVING);
		assertThat(mapper.map("DEGRADED")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(mapper.map("DOWN")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void aMissingServingStatusIsRefused() {
		Map<String, ServingStatus> overrides = new HashMap<>();
		overrides.put("DOWN", null);
		assertThatIllegalArgumentException().isThrownBy(() -> new SimpleServingStatusMapper(overrides))
			.withMessageContaining("DOWN");
	}

	@Test
	void overridesOnAnotherMapperLeaveEveryOtherCodeToIt() {
		SimpleServingStatusMapper mapper = new SimpleServingStatusMapper(Map.of("degraded", ServingStatus.NOT_SERVING),
				(code) -> ServingStatus.UNKNOWN);
		assertThat(mapper.map("DEGRADED")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(mapper.map("UP")).isEqualTo(ServingStatus.UNKNOWN);
	}

}
