package io.github.healthgrpc.internal.client;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once, later. A seam so that tests move time by hand instead of sleeping.
 */
@FunctionalInterface
public interface WatchScheduler {

	/**
	 * Runs the task once after the delay.
	 * @param task the task
	 * @param delay the delay
	 * @return what cancels the task if it has not run yet
	 */
	Cancellable schedule(Runnable task, Duration delay);

	/**
	 * A scheduler on an executor.
	 * @param executor the executor
	 * @return the scheduler
	 */
	static WatchScheduler of(ScheduledExecutorService executor) {
		return (task, delay) -> {
			ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
			return () -> future.cancel(false);
		};
	}

	/**
	 * A scheduled task.
	 */
	@FunctionalInterface
	interface Cancellable {

		/** Cancels the task; does nothing if it has run. */
		void cancel();

	}

}
