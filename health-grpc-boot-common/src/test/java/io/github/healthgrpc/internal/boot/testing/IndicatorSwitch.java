package io.github.healthgrpc.internal.boot.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test health indicator whose status, failure and blocking are set by the test, written
 * once for both lines: each line's {@code SwitchableIndicator} extends it as a
 * {@code HealthIndicator} of its own health API and answers with {@link #answer()}.
 * Statuses are Actuator status codes ({@code UP}, {@code DOWN}, ...).
 */
public abstract class IndicatorSwitch {

	private volatile String status;

	private volatile RuntimeException failure;

	private volatile CountDownLatch gate;

	private final AtomicInteger calls = new AtomicInteger();

	protected IndicatorSwitch(String status) {
		this.status = status;
	}

	/**
	 * Sets the status of the next calls, and clears a failure.
	 * @param status an Actuator status code
	 */
	public void setStatus(String status) {
		this.status = status;
		this.failure = null;
	}

	/**
	 * Makes the next calls throw.
	 * @param failure what they throw
	 */
	public void failWith(RuntimeException failure) {
		this.failure = failure;
	}

	/** Makes the next calls block until {@link #release()}. */
	public void block() {
		this.gate = new CountDownLatch(1);
	}

	/** Lets blocked and later calls through. */
	public void release() {
		CountDownLatch gate = this.gate;
		this.gate = null;
		if (gate != null) {
			gate.countDown();
		}
	}

	/**
	 * How many times the indicator was called.
	 * @return the count
	 */
	public int calls() {
		return this.calls.get();
	}

	/**
	 * One call of the indicator: counted, blocked while the test says so, failing if it
	 * says so.
	 * @return the status code to answer with
	 */
	protected final String answer() {
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
		return this.status;
	}

}
