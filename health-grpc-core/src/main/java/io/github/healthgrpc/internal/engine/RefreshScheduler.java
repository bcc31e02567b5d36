package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decides when cycles run: every refresh interval, and as soon as possible on request.
 * Runs them on the single-threaded executor it is given, so two never overlap.
 */
final class RefreshScheduler implements Runnable {

	private static final Log logger = LogFactory.getLog(RefreshScheduler.class);

	private final ScheduledExecutorService executor;

	private final Runnable cycle;

	private final AtomicBoolean refreshQueued = new AtomicBoolean();

	private @Nullable ScheduledFuture<?> periodic;

	/**
	 * @param executor a single-threaded executor
	 * @param cycle one cycle; it must not throw
	 */
	RefreshScheduler(ScheduledExecutorService executor, Runnable cycle) {
		this.executor = executor;
		this.cycle = cycle;
	}

	/**
	 * Starts the periodic cycles, the first one after one interval. Cycles start every
	 * interval (a cycle that takes longer delays the next, never overlaps it), so a
	 * change shows within one interval plus the time indicators take to answer.
	 * @param interval the time between the starts of two cycles
	 */
	synchronized void start(Duration interval) {
		if (this.periodic == null) {
			long millis = interval.toMillis();
			this.periodic = this.executor.scheduleAtFixedRate(this.cycle, millis, millis, TimeUnit.MILLISECONDS);
		}
	}

	/** Stops the periodic cycles; requested ones still run. */
	synchronized void stop() {
		if (this.periodic != null) {
			this.periodic.cancel(false);
			this.periodic = null;
		}
	}

	synchronized boolean isRunning() {
		return this.periodic != null;
	}

	/** A requested cycle; later requests queue another. */
	@Override
	public void run() {
		this.refreshQueued.set(false);
		this.cycle.run();
	}

	/**
	 * Asks for a cycle as soon as possible. Requests made while one is waiting to start
	 * are merged into it: a burst of events costs one cycle.
	 */
	void requestRefresh() {
		if (!this.refreshQueued.compareAndSet(false, true)) {
			return;
		}
		try {
			// The scheduler is the requested task itself: a lambda would be one more
			// class to load at start-up.
			this.executor.execute(this);
		}
		catch (RejectedExecutionException ex) {
			this.refreshQueued.set(false);
			logger.debug("gRPC health refresh not scheduled: the engine is closed");
		}
	}

}
