package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.healthgrpc.internal.model.Contributor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RefreshSchedulerTests {

	private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);

	private final AtomicInteger cycles = new AtomicInteger();

	private final CountDownLatch firstCycleMayEnd = new CountDownLatch(1);

	// The engine's cycle asks its contributors once: that is what the cycles here count.
	private final HealthEngine engine = engine(this::cycle);

	private final RefreshScheduler scheduler = new RefreshScheduler(this.thread, this.engine);

	@AfterEach
	void close() {
		this.firstCycleMayEnd.countDown();
		this.thread.shutdownNow();
		this.engine.close();
	}

	@Test
	void requestsMadeWhileOneWaitsAreMergedIntoIt() {
		this.scheduler.requestRefresh();
		await().until(() -> this.cycles.get() == 1);
		// The first cycle is running (blocked): these requests all wait for the one
		// queued after it.
		for (int i = 0; i < 10; i++) {
			this.scheduler.requestRefresh();
		}
		this.firstCycleMayEnd.countDown();
		await().until(
				() -> this.cycles.get() == 2 && this.thread.getQueue().isEmpty() && this.thread.getActiveCount() == 0);
		assertThat(this.cycles).hasValue(2);
		this.scheduler.requestRefresh();
		await().until(() -> this.cycles.get() == 3);
	}

	@Test
	void theFirstCycleRunsInTheBackgroundAndGivesWhatItPublished() throws Exception {
		this.firstCycleMayEnd.countDown();
		Evaluation first = this.scheduler.beginFirstCycle().get();
		assertThat(this.cycles).hasValue(1);
		assertThat(first).isNotSameAs(Evaluation.NONE).isSameAs(this.engine.lastEvaluation());
	}

	@Test
	void periodicCyclesRunUntilStopped() {
		this.firstCycleMayEnd.countDown();
		this.scheduler.start(Duration.ofMillis(10));
		assertThat(this.scheduler.isRunning()).isTrue();
		await().until(() -> this.cycles.get() >= 3);
		this.scheduler.stop();
		assertThat(this.scheduler.isRunning()).isFalse();
		assertThat(this.thread.getQueue())
			.allSatisfy((task) -> assertThat(((java.util.concurrent.Future<?>) task).isCancelled()).isTrue());
	}

	@Test
	void aFailingCycleDoesNotEndThePeriodicCycles() {
		AtomicInteger failing = new AtomicInteger();
		try (HealthEngine failingEngine = engine(() -> {
			failing.incrementAndGet();
			throw new IllegalStateException("registry exploded");
		})) {
			RefreshScheduler scheduler = new RefreshScheduler(this.thread, failingEngine);
			scheduler.start(Duration.ofMillis(10));
			await().until(() -> failing.get() >= 3);
			scheduler.stop();
		}
	}

	@Test
	void requestsAfterTheExecutorIsClosedAreDroppedWithoutFailing() {
		this.thread.shutdownNow();
		this.scheduler.requestRefresh();
		this.scheduler.requestRefresh();
		assertThat(this.cycles).hasValue(0);
	}

	@Test
	void aRequestTheExecutorRefusedDoesNotBlockTheNextOne() {
		this.firstCycleMayEnd.countDown();
		AtomicBoolean refuseNext = new AtomicBoolean(true);
		ScheduledThreadPoolExecutor refusingOnce = new ScheduledThreadPoolExecutor(1) {

			@Override
			public void execute(Runnable command) {
				if (refuseNext.getAndSet(false)) {
					throw new RejectedExecutionException("busy");
				}
				super.execute(command);
			}

		};
		try {
			RefreshScheduler scheduler = new RefreshScheduler(refusingOnce, this.engine);
			scheduler.requestRefresh();
			scheduler.requestRefresh();
			await().until(() -> this.cycles.get() == 1);
		}
		finally {
			refusingOnce.shutdownNow();
		}
	}

	private static HealthEngine engine(Supplier<List<Contributor>> contributors) {
		return HealthEngine.builder(contributors).validateMembership(false).build();
	}

	private List<Contributor> cycle() {
		if (this.cycles.incrementAndGet() == 1) {
			try {
				this.firstCycleMayEnd.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return List.of();
	}

}
