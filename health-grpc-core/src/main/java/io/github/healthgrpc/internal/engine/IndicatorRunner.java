package io.github.healthgrpc.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.healthgrpc.internal.model.HealthCheck;
import io.github.healthgrpc.internal.model.StatusCodes;
import org.jspecify.annotations.Nullable;

/**
 * Calls health indicators in parallel, each with a timeout. An indicator that does not
 * answer in time counts as {@code DOWN}; while its call is still running it is not called
 * again, so a hung indicator holds at most one thread and stays {@code DOWN} until it
 * returns. Owns no thread: calls run on the executor it is given, whose threads it names
 * ({@code grpc-health-indicator-1}, ...) when it is their factory.
 */
final class IndicatorRunner implements ThreadFactory {

	private final Duration timeout;

	private final Executor executor;

	private final Clock clock;

	// Calls still running, by indicator; an entry leaves as soon as its call returns.
	private final Map<HealthCheck, InFlight> inFlight = new ConcurrentHashMap<>();

	private final AtomicInteger threads = new AtomicInteger();

	IndicatorRunner(Duration timeout, Executor executor, Clock clock) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		this.timeout = timeout;
		this.executor = Objects.requireNonNull(executor, "executor must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Calls indicators, all at once, and waits at most the timeout for them.
	 * @param indicators the indicators by path
	 * @return a result for every path, in the same order
	 */
	Map<String, IndicatorResult> run(Map<String, HealthCheck> indicators) {
		Instant start = this.clock.instant();
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Map<String, InFlight> calls = new LinkedHashMap<>();
		Map<String, IndicatorResult> results = new LinkedHashMap<>();
		for (Map.Entry<String, HealthCheck> entry : indicators.entrySet()) {
			String path = entry.getKey();
			InFlight running = this.inFlight.get(entry.getValue());
			if (running != null) {
				results.put(path, stillRunning(running));
				continue;
			}
			try {
				calls.put(path, submit(entry.getValue()));
			}
			catch (RejectedExecutionException ex) {
				results.put(path,
						new IndicatorResult(StatusCodes.DOWN, EvaluationOutcome.ERROR,
								"no thread free to evaluate it (" + inFlightCount() + " calls still running)", start,
								Duration.ZERO));
			}
		}
		for (Map.Entry<String, InFlight> call : calls.entrySet()) {
			results.put(call.getKey(), await(call.getValue(), deadline));
		}
		Map<String, IndicatorResult> ordered = new LinkedHashMap<>();
		for (String path : indicators.keySet()) {
			ordered.put(path, results.get(path));
		}
		return ordered;
	}

	private InFlight submit(HealthCheck indicator) {
		InFlight call = new InFlight(indicator, this.inFlight, this.clock.instant());
		this.inFlight.put(indicator, call);
		try {
			this.executor.execute(call);
		}
		catch (RejectedExecutionException ex) {
			// Not running, so not in flight: otherwise the indicator would never be
			// called again.
			this.inFlight.remove(indicator, call);
			throw ex;
		}
		return call;
	}

	private IndicatorResult await(InFlight call, long deadline) {
		try {
			String status = call.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			Duration took = call.runningFor();
			if (status == null) {
				return new IndicatorResult(StatusCodes.UNKNOWN, EvaluationOutcome.DOWN, "returned no health",
						call.startedAt(), took);
			}
			boolean up = StatusCodes.UP.equals(status);
			return new IndicatorResult(status, up ? EvaluationOutcome.UP : EvaluationOutcome.DOWN,
					up ? null : "status " + status, call.startedAt(), took);
		}
		catch (TimeoutException ex) {
			return new IndicatorResult(StatusCodes.DOWN, EvaluationOutcome.TIMEOUT,
					"timed out after " + Durations.print(this.timeout), call.startedAt(), this.timeout);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return new IndicatorResult(StatusCodes.DOWN, EvaluationOutcome.ERROR, describe(cause), call.startedAt(),
					call.runningFor());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new IndicatorResult(StatusCodes.DOWN, EvaluationOutcome.ERROR, "interrupted", call.startedAt(),
					call.runningFor());
		}
	}

	private static IndicatorResult stillRunning(InFlight running) {
		Duration runningFor = running.runningFor();
		return new IndicatorResult(StatusCodes.DOWN, EvaluationOutcome.TIMEOUT,
				"still running after " + Durations.print(runningFor), running.startedAt(), runningFor);
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/** The number of indicator calls still running, hung ones included. */
	int inFlightCount() {
		return this.inFlight.size();
	}

	/** A daemon thread for indicator calls: they must never keep the JVM alive. */
	@Override
	public Thread newThread(Runnable runnable) {
		Thread thread = new Thread(runnable, "grpc-health-indicator-" + this.threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * One call of an indicator, run on the executor. A class of its own, not a lambda,
	 * since it also carries what the waiting side reads.
	 */
	private static final class InFlight implements Runnable {

		private final HealthCheck indicator;

		private final Map<HealthCheck, InFlight> inFlight;

		private final CompletableFuture<@Nullable String> future = new CompletableFuture<>();

		private final Instant startedAt;

		private final long startNanos = System.nanoTime();

		InFlight(HealthCheck indicator, Map<HealthCheck, InFlight> inFlight, Instant startedAt) {
			this.indicator = indicator;
			this.inFlight = inFlight;
			this.startedAt = startedAt;
		}

		@Override
		public void run() {
			String status = null;
			Throwable failure = null;
			try {
				status = this.indicator.check();
			}
			catch (Throwable ex) {
				failure = ex;
			}
			// Forgotten before the result is handed over, so that the next cycle, which
			// may start as soon as it is, calls the indicator again instead of reporting
			// it as still running.
			this.inFlight.remove(this.indicator, this);
			if (failure != null) {
				this.future.completeExceptionally(failure);
			}
			else {
				this.future.complete(status);
			}
		}

		CompletableFuture<@Nullable String> future() {
			return this.future;
		}

		Instant startedAt() {
			return this.startedAt;
		}

		Duration runningFor() {
			return Duration.ofNanos(System.nanoTime() - this.startNanos);
		}

	}

}
