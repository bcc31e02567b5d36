package io.github.healthgrpc.benchmarks.boot4;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} indicator: UP or DOWN as the benchmark says, at once. Its first call
 * prints {@code FIRST_EVALUATION}: from then on, what the health service says comes from
 * the indicators.
 */
final class Database implements HealthIndicator {

	private final AtomicBoolean up;

	private final AtomicBoolean called = new AtomicBoolean();

	Database(boolean up) {
		this.up = new AtomicBoolean(up);
	}

	void set(boolean up) {
		this.up.set(up);
	}

	@Override
	public Health health() {
		if (this.called.compareAndSet(false, true)) {
			Boot4BenchmarkApp.say("FIRST_EVALUATION");
		}
		return this.up.get() ? Health.up().build() : Health.down().withDetail("reason", "switched DOWN").build();
	}

}
