package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Decides when the engine's cycles run: the first one, ahead of start-up, then every
 * refresh interval, and as soon as possible on request. Runs them on the single-threaded
 * executor it is given, so two never overlap, and names its thread when it is its
 * factory. It is itself the task of every cycle it runs: a lambda or method reference
 * would be one more class to load at start-up.
 */
final class RefreshScheduler implements Runnable, Callable<Evaluation>, ThreadFactory {

	private static final Log logger = LogFactory.getLog(RefreshScheduler.class);

	private final ScheduledExecutorService executor;

	private final HealthEngine engine;

	private final AtomicBoolean refreshQueued = new AtomicBoolean();

	private @Nullable ScheduledFuture<?> periodic;

	/**
	 * @param executor a single-threaded executor
	 * @param engine whose cycle ({@link HealthEngine#refreshNow()}) runs
	 */
	RefreshScheduler(ScheduledExecutorService executor, HealthEngine engine) {
		this.executor = executor;
		this.engine = engine;
	}

	/**
	 * Begins the first cycle in the background.
	 * @return the cycle, which fails as the cycle does
	 */
	Future<Evaluation> beginFirstCycle() {
		return this.executor.submit((Callable<Evaluation>) this);
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
			this.periodic = this.executor.scheduleAtFixedRate(this, millis, millis, TimeUnit.MILLISECONDS);
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

	/**
	 * The first cycle ({@link #beginFirstCycle()}): what it throws is the caller's to
	 * handle.
	 * @return what was published
	 */
	@Override
	public Evaluation call() {
		return this.engine.refreshNow();
	}

	/**
	 * One cycle, periodic or requested; requests made from now on queue another. (A
	 * periodic cycle that runs before a queued request's lets the request run too: one
	 * cycle more, never one less.) What it throws is logged, and the next cycle runs as
	 * planned.
	 */
	@Override
	public void run() {
		this.refreshQueued.set(false);
		try {
			this.engine.refreshNow();
		}
		catch (RuntimeException ex) {
			// A failing cycle must not end the periodic task: the next one tries again.
			logger.warn("gRPC health refresh failed", ex);
		}
	}

	/**
	 * The refresh thread: a daemon, so that it never keeps the JVM alive.
	 */
	@Override
	public Thread newThread(Runnable runnable) {
		Thread thread = new Thread(runnable, "grpc-health-refresh");
		thread.setDaemon(true);
		return thread;
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
			this.executor.execute(this);
		}
		catch (RejectedExecutionException ex) {
			this.refreshQueued.set(false);
			logger.debug("gRPC health refresh not scheduled: the engine is closed");
		}
	}

}
