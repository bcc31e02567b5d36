package io.github.healthgrpc.internal.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter and a cap, as grpc-java reconnects: each delay is 1.6
 * times the previous one, at most the cap, spread by ±20 % so that many clients of one
 * upstream do not restart their Watch in step.
 */
final class Backoff {

	static final double MULTIPLIER = 1.6;

	static final double JITTER = 0.2;

	private final long initialNanos;

	private final long maxNanos;

	private final DoubleSupplier random;

	private long nextNanos;

	/**
	 * A back-off.
	 * @param initial the first delay
	 * @param max the cap
	 * @param random uniform values in [0, 1)
	 */
	Backoff(Duration initial, Duration max, DoubleSupplier random) {
		this.initialNanos = initial.toNanos();
		this.maxNanos = max.toNanos();
		this.random = random;
		this.nextNanos = this.initialNanos;
	}

	/**
	 * The next delay; the one after it grows.
	 * @return the delay, within ±20 % of the current step
	 */
	Duration next() {
		long step = this.nextNanos;
		this.nextNanos = (long) Math.min(step * MULTIPLIER, this.maxNanos);
		double spread = (this.random.getAsDouble() * 2 - 1) * JITTER;
		return Duration.ofNanos(step + (long) (step * spread));
	}

	/** Starts again from the first delay (after a stream delivered a status). */
	void reset() {
		this.nextNanos = this.initialNanos;
	}

}
