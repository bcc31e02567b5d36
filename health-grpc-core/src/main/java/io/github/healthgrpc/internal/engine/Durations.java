package io.github.healthgrpc.internal.engine;

import java.time.Duration;

/** Durations as people write them in configuration: {@code 2s}, {@code 1500ms}. */
final class Durations {

	private Durations() {
	}

	static String print(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0 && millis != 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
