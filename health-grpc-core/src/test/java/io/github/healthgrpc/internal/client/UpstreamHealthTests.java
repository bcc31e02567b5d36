package io.github.healthgrpc.internal.client;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** What a reading means for Actuator and for metrics. */
class UpstreamHealthTests {

	private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");

	@ParameterizedTest
	@CsvSource({ "STARTING,UNKNOWN,0", "SERVING,UP,1", "NOT_SERVING,DOWN,2", "SERVICE_UNKNOWN,DOWN,2",
			"UNKNOWN,UNKNOWN,0", "UNIMPLEMENTED,OUT_OF_SERVICE,0", "UNREACHABLE,DOWN,2" })
	void mapsEachStateToAnActuatorStatusAndAServingStatusNumber(UpstreamState state, String code, int number) {
		UpstreamHealth health = new UpstreamHealth(state, SINCE, 0, null);
		assertThat(health.statusCode("OUT_OF_SERVICE")).isEqualTo(code);
		assertThat(health.servingStatusNumber()).isEqualTo(number);
	}

	@Test
	void detailsOfAHealthyUpstream() {
		assertThat(new UpstreamHealth(UpstreamState.SERVING, SINCE, 0, null).details("static://b:9090", ""))
			.containsExactly(Map.entry("target", "static://b:9090"), Map.entry("service", ""),
					Map.entry("status", "SERVING"), Map.entry("since", "2026-12-01T00:00:00Z"));
	}

	@Test
	void detailsOfAFailingUpstream() {
		assertThat(new UpstreamHealth(UpstreamState.UNREACHABLE, SINCE, 3, "UNAVAILABLE").details("t", "s"))
			.containsEntry("status", "UNREACHABLE")
			.containsEntry("consecutiveFailures", 3)
			.containsEntry("lastError", "UNAVAILABLE")
			.hasSize(6);
	}

	@Test
	void detailsOfAGraceExpiryWithoutFailures() {
		assertThat(new UpstreamHealth(UpstreamState.UNREACHABLE, SINCE, 0, "no status").details("t", "s"))
			.doesNotContainKey("consecutiveFailures")
			.containsEntry("lastError", "no status");
	}

	@Test
	void refusesNulls() {
		assertThatNullPointerException().isThrownBy(() -> new UpstreamHealth(null, SINCE, 0, null))
			.withMessage("state must not be null");
		assertThatNullPointerException().isThrownBy(() -> new UpstreamHealth(UpstreamState.SERVING, null, 0, null))
			.withMessage("since must not be null");
	}

}
