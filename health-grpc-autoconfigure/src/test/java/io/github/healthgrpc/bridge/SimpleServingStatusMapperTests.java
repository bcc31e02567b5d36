package io.github.healthgrpc.bridge;

import java.util.Map;

import io.github.healthgrpc.protocol.ServingStatus;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SimpleServingStatusMapperTests {

	@Test
	void defaultsFollowTheActuatorMeaningOfEachStatus() {
		SimpleServingStatusMapper mapper = new SimpleServingStatusMapper();
		assertThat(mapper.map(Status.UP)).isEqualTo(ServingStatus.SERVING);
		assertThat(mapper.map(Status.DOWN)).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(mapper.map(Status.OUT_OF_SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(mapper.map(Status.UNKNOWN)).isEqualTo(ServingStatus.UNKNOWN);
	}

	@Test
	void unlistedCodesAreServing() {
		assertThat(new SimpleServingStatusMapper().map(new Status("DEGRADED"))).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void overridesWinOverDefaultsAndMatchCaseInsensitively() {
		SimpleServingStatusMapper mapper = new SimpleServingStatusMapper(
				Map.of("out-of-service", ServingStatus.SERVING, "degraded", ServingStatus.NOT_SERVING));
		assertThat(mapper.map(Status.OUT_OF_SERVICE)).isEqualTo(ServingStatus.SERVING);
		assertThat(mapper.map(new Status("DEGRADED"))).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(mapper.map(Status.DOWN)).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void aMissingServingStatusIsRefused() {
		Map<String, ServingStatus> overrides = new java.util.HashMap<>();
		overrides.put("DOWN", null);
		assertThatIllegalArgumentException().isThrownBy(() -> new SimpleServingStatusMapper(overrides))
			.withMessageContaining("DOWN");
	}

}
