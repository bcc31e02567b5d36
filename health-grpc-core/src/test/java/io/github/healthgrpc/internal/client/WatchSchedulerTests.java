package io.github.healthgrpc.internal.client;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler over a real executor runs a task once and cancels it. */
class WatchSchedulerTests {

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void runsTheTaskAfterItsDelay() throws InterruptedException {
		CountDownLatch ran = new CountDownLatch(1);
		WatchScheduler.of(this.executor).schedule(ran::countDown, Duration.ofMillis(1));
		assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void cancelledTasksDoNotRun() throws Exception {
		AtomicBoolean ran = new AtomicBoolean();
		WatchScheduler.of(this.executor).schedule(() -> ran.set(true), Duration.ofHours(1)).cancel();
		// Everything queued before this marker has run or was removed.
		ScheduledFuture<?> marker = this.executor.schedule(() -> {
		}, 0, TimeUnit.NANOSECONDS);
		marker.get(5, TimeUnit.SECONDS);
		assertThat(this.executor.shutdownNow()).as("the cancelled task stays queued, cancelled")
			.allSatisfy((task) -> assertThat(((ScheduledFuture<?>) task).isCancelled()).isTrue());
		assertThat(ran).isFalse();
	}

}
