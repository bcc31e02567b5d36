package io.github.healthgrpc.internal.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link UpstreamWatch} restarts a failed Watch and when it gives up on the last
 * status it had.
 *
 * @param failureThreshold the number of consecutive failed or ended Watch streams after
 * which the upstream counts as unreachable
 * @param gracePeriod how long the upstream may go without a live status (from the start,
 * or from the first failure after a status) before it counts as unreachable
 * @param initialBackoff the delay before the first restart after a status was received
 * @param maxBackoff the cap of the growing delay between restarts
 */
public record WatchSettings(int failureThreshold, Duration gracePeriod, Duration initialBackoff, Duration maxBackoff) {

	public WatchSettings {
		Objects.requireNonNull(gracePeriod, "gracePeriod must not be null");
		Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
		Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
		}
		if (!isPositive(gracePeriod)) {
			throw new IllegalArgumentException("gracePeriod must be positive, was " + gracePeriod.toMillis() + "ms");
		}
		if (!isPositive(initialBackoff)) {
			throw new IllegalArgumentException(
					"initialBackoff must be positive, was " + initialBackoff.toMillis() + "ms");
		}
		if (maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("maxBackoff (" + maxBackoff.toMillis()
					+ "ms) must not be shorter than initialBackoff (" + initialBackoff.toMillis() + "ms)");
		}
	}

	/**
	 * Three failures, ten seconds of grace, restarts after one second growing to ten.
	 * @return the defaults
	 */
	public static WatchSettings defaults() {
		return new WatchSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10));
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
