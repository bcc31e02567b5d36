package io.github.healthgrpc.autoconfigure;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/** A test indicator whose status, failure and blocking are set by the test. */
class SwitchableIndicator implements HealthIndicator {

	private volatile Status status;

	private volatile RuntimeException failure;

	private volatile CountDownLatch gate;

	private final AtomicInteger calls = new AtomicInteger();

	public SwitchableIndicator(Status status) {
		this.status = status;
	}

	public static SwitchableIndicator up() {
		return new SwitchableIndicator(Status.UP);
	}

	public static SwitchableIndicator down() {
		return new SwitchableIndicator(Status.DOWN);
	}

	public void setStatus(Status status) {
		this.status = status;
		this.failure = null;
	}

	public void failWith(RuntimeException failure) {
		this.failure = failure;
	}

	/** Makes the next calls block until {@link #release()}. */
	public void block() {
		this.gate = new CountDownLatch(1);
	}

	public void release() {
		CountDownLatch gate = this.gate;
		this.gate = null;
		if (gate != null) {
			gate.countDown();
		}
	}

	public int calls() {
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
