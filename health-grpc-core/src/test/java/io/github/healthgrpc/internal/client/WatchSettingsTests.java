package io.github.healthgrpc.internal.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** The settings refuse what cannot work, at their boundaries. */
class WatchSettingsTests {

	private static final Duration ONE = Duration.ofSeconds(1);

	@Test
	void defaults() {
		WatchSettings defaults = WatchSettings.defaults();
		assertThat(defaults.failureThreshold()).isEqualTo(3);
		assertThat(defaults.gracePeriod()).isEqualTo(Duration.ofSeconds(10));
		assertThat(defaults.initialBackoff()).isEqualTo(ONE);
		assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void acceptsTheSmallestValues() {
		WatchSettings settings = new WatchSettings(1, Duration.ofNanos(1), Duration.ofNanos(1), Duration.ofNanos(1));
		assertThat(settings.failureThreshold()).isOne();
	}

	@Test
	void refusesAThresholdBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WatchSettings(0, ONE, ONE, ONE))
			.withMessage("failureThreshold must be at least 1, was 0");
	}

	@Test
	void refusesAGracePeriodThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WatchSettings(1, Duration.ZERO, ONE, ONE))
			.withMessage("gracePeriod must be positive, was 0ms");
		assertThatIllegalArgumentException().isThrownBy(() -> new WatchSettings(1, ONE.negated(), ONE, ONE))
			.withMessage("gracePeriod must be positive, was -1000ms");
	}

	@Test
	void refusesAnInitialBackoffThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WatchSettings(1, ONE, Duration.ZERO, ONE))
			.withMessage("initialBackoff must be positive, was 0ms");
		assertThatIllegalArgumentException().isThrownBy(() -> new WatchSettings(1, ONE, ONE.negated(), ONE))
			.withMessage("initialBackoff must be positive, was -1000ms");
	}

	@Test
	void refusesACapBelowTheInitialBackoff() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WatchSettings(1, ONE, ONE, Duration.ofMillis(999)))
			.withMessage("maxBackoff (999ms) must not be shorter than initialBackoff (1000ms)");
	}

	@Test
	void refusesNulls() {
		assertThatNullPointerException().isThrownBy(() -> new WatchSettings(1, null, ONE, ONE))
			.withMessage("gracePeriod must not be null");
		assertThatNullPointerException().isThrownBy(() -> new WatchSettings(1, ONE, null, ONE))
			.withMessage("initialBackoff must not be null");
		assertThatNullPointerException().isThrownBy(() -> new WatchSettings(1, ONE, ONE, null))
			.withMessage("maxBackoff must not be null");
	}

}
