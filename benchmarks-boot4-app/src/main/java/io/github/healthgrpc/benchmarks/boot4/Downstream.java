package io.github.healthgrpc.benchmarks.boot4;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code downstream} indicator: UP at once, or, once the benchmark says {@code HANG},
 * a call that does not return until it says {@code RELEASE}, like a client without a
 * timeout waiting for a peer that accepted the connection and went silent. Each call that
 * starts to hang prints {@code HUNG}.
 */
final class Downstream implements HealthIndicator {

	private final AtomicReference<CountDownLatch> hang = new AtomicReference<>();

	void hang() {
		this.hang.compareAndSet(null, new CountDownLatch(1));
	}

	void release() {
		CountDownLatch latch = this.hang.getAndSet(null);
		if (latch != null) {
			latch.countDown();
		}
	}

	@Override
	public Health health() {
		CountDownLatch latch = this.hang.get();
		if (latch != null) {
			Boot4BenchmarkApp.say("HUNG");
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Health.down().withDetail("reason", "interrupted").build();
			}
		}
		return Health.up().build();
	}

}
