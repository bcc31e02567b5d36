package io.github.healthgrpc.boot4.autoconfigure;

import java.util.concurrent.CountDownLatch;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** A test indicator whose status, failure and blocking are set by the test. */
class SwitchableIndicator implements HealthIndicator {

	private volatile Status status;

	private volatile RuntimeException failure;

	private volatile CountDownLatch gate;

	SwitchableIndicator(Status status) {
		this.status = status;
	}

	static SwitchableIndicator up() {
		return new SwitchableIndicator(Status.UP);
	}

	static SwitchableIndicator down() {
		return new SwitchableIndicator(Status.DOWN);
	}

	/**
	 * Sets the status of the next calls, clearing any failure and releasing any block.
	 */
	void reset(Status status) {
		release();
		setStatus(status);
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

	@Override
	public Health health() {
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
