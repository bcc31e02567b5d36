package io.github.healthgrpc.internal.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.healthgrpc.internal.model.HealthCheck;
import io.github.healthgrpc.internal.model.StatusCodes;
import org.jspecify.annotations.Nullable;

/** A test indicator whose status, failure and blocking are set by the test. */
final class TestIndicator implements HealthCheck {

	private volatile @Nullable String status;

	private volatile @Nullable RuntimeException failure;

	private volatile @Nullable CountDownLatch gate;

	private final AtomicInteger calls = new AtomicInteger();

	private TestIndicator(@Nullable String status) {
		this.status = status;
	}

	static TestIndicator up() {
		return new TestIndicator(StatusCodes.UP);
	}

	static TestIndicator down() {
		return new TestIndicator(StatusCodes.DOWN);
	}

	static TestIndicator returningNothing() {
		return new TestIndicator(null);
	}

	void setStatus(String status) {
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
	public @Nullable String check() throws InterruptedException {
		this.calls.incrementAndGet();
		CountDownLatch gate = this.gate;
		if (gate != null) {
			gate.await();
		}
		RuntimeException failure = this.failure;
		if (failure != null) {
			throw failure;
		}
		return this.status;
	}

}
