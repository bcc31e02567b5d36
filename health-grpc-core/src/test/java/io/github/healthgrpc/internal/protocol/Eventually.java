package io.github.healthgrpc.internal.protocol;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility as the protocol tests use it: look at once, then often, give up after ten
 * seconds.
 */
final class Eventually {

	private Eventually() {
	}

	static ConditionFactory eventually() {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(2))
			.pollInSameThread();
	}

}
