package io.github.healthgrpc.boot4.autoconfigure;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** A test indicator whose status, failure and blocking are set by the test. */
class SwitchableIndicator implements HealthIndicator {

	private volatile Status status;

	private volatile RuntimeException failure;

	private volatile CountDownLatch gate;

	private final AtomicInteger calls = new AtomicInteger();

	SwitchableIndicator(Status status) {
		this.status = status;
	}

	static SwitchableIndicator up() {
		return new SwitchableIndicator(Status.UP);
	}

	static SwitchableIndicator down() {
		return new SwitchableIndicator(Status.DOWN);
	}

	void setStatus(Status status) {
		this.status = status;
		this.failure = null;
	}

	void failWith(RuntimeException failure) {
		this.failure = failure;
	}

	/** Makes the next calls block until {@link #release()}. */
	void block() {
		this.gate = new CountDownLatch(1);
	}

	void release() {
		CountDownLatch gate = this.gate;
		this.gate = null;
		if (gate != null) {
			gate.countDown();
		}
	}

	int calls() {
		return this.calls.get();
	}

	@Override
	public Health health() {
		this.calls.incrementAndGet();
		CountDownLatch gate = this.gate;
		if (gate != null) {
			try {
				gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		RuntimeException failure = this.failure;
		if (failure != null) {
			throw failure;
		}
		return Health.status(this.status).build();
	}

}
