package io.github.healthgrpc.internal.boot;

import java.time.Duration;

/**
 * The checks that both property classes make of single values, so that a mistake reads
 * the same whichever {@code grpc.health.*} property it is in: the property's full name,
 * the rule, and the value given (durations in milliseconds).
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static void atLeastOne(int value, String property) {
		if (value < 1) {
			throw new IllegalArgumentException(property + " must be at least 1, was " + value);
		}
	}

	static void positive(Duration duration, String property) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(
					property + " must be a positive duration, was " + duration.toMillis() + "ms");
		}
	}

}
