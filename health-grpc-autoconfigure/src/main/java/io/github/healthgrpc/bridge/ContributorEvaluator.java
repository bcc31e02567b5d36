package io.github.healthgrpc.bridge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.convert.DurationStyle;

/**
 * Runs health indicators in parallel, each with a timeout. An indicator that does not answer in time
 * counts as {@code DOWN}; while its call is still running it is not called again, so a hung
 * indicator holds at most one thread and stays {@code DOWN} until it returns.
 */
public class ContributorEvaluator implements AutoCloseable {

	/** Each indicator has at most one call in flight, so this bounds only pathological setups. */
	static final int MAX_THREADS = 64;

	private final Duration timeout;

	private final Clock clock;

	private final ThreadPoolExecutor executor;

	// Calls still running, by indicator; an entry leaves as soon as its call returns.
	private final Map<HealthIndicator, InFlight> inFlight = new ConcurrentHashMap<>();

	/**
	 * Creates an evaluator.
	 * @param timeout how long one indicator may take
	 */
	public ContributorEvaluator(Duration timeout) {
		this(timeout, Clock.systemUTC());
	}

	ContributorEvaluator(Duration timeout, Clock clock) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		this.timeout = timeout;
		this.clock = clock;
		this.executor = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				new IndicatorThreadFactory());
	}

	/**
	 * Evaluates indicators, all at once, and waits at most the timeout for them.
	 * @param indicators the indicators by path
	 * @return a result for every path
	 */
	public Map<String, IndicatorResult> evaluate(Map<String, HealthIndicator> indicators) {
		Instant start = this.clock.instant();
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Map<String, InFlight> calls = new LinkedHashMap<>();
		Map<String, IndicatorResult> results = new LinkedHashMap<>();
		indicators.forEach((path, indicator) -> {
			InFlight running = this.inFlight.get(indicator);
			if (running != null) {
				results.put(path, stillRunning(running));
				return;
			}
			try {
				calls.put(path, submit(indicator));
			}
			catch (RejectedExecutionException ex) {
				results.put(path, new IndicatorResult(Status.DOWN, EvaluationOutcome.ERROR,
						"no thread free to evaluate it (" + MAX_THREADS + " calls still running)", start, Duration.ZERO));
			}
		});
		calls.forEach((path, call) -> results.put(path, await(call, deadline)));
		Map<String, IndicatorResult> ordered = new LinkedHashMap<>();
		indicators.keySet().forEach((path) -> ordered.put(path, results.get(path)));
		return ordered;
	}

	private InFlight submit(HealthIndicator indicator) {
		Instant startedAt = this.clock.instant();
		long startNanos = System.nanoTime();
		CompletableFuture<Health> future = new CompletableFuture<>();
		InFlight call = new InFlight(future, startedAt, startNanos);
		this.inFlight.put(indicator, call);
		try {
			this.executor.execute(() -> {
				Health health = null;
				Throwable failure = null;
				try {
					health = indicator.health();
				}
				catch (Throwable ex) {
					failure = ex;
				}
				// Forgotten before the result is handed over, so that the next cycle, which may start as
				// soon as it is, calls the indicator again instead of reporting it as still running.
				this.inFlight.remove(indicator, call);
				if (failure != null) {
					future.completeExceptionally(failure);
				}
				else {
					future.complete(health);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Not running, so not in flight: otherwise the indicator would never be called again.
			this.inFlight.remove(indicator, call);
			throw ex;
		}
		return call;
	}

	private IndicatorResult await(InFlight call, long deadline) {
		try {
			Health health = call.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			Duration took = Duration.ofNanos(System.nanoTime() - call.startNanos());
			Status status = (health != null) ? health.getStatus() : Status.UNKNOWN;
			EvaluationOutcome outcome = Status.UP.equals(status) ? EvaluationOutcome.UP : EvaluationOutcome.DOWN;
			String reason = (outcome == EvaluationOutcome.UP) ? null
					: (health != null) ? "status " + status.getCode() : "returned no health";
			return new IndicatorResult(status, outcome, reason, call.startedAt(), took);
		}
		catch (TimeoutException ex) {
			return new IndicatorResult(Status.DOWN, EvaluationOutcome.TIMEOUT,
					"timed out after " + DurationStyle.SIMPLE.print(this.timeout), call.startedAt(), this.timeout);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return new IndicatorResult(Status.DOWN, EvaluationOutcome.ERROR, describe(cause), call.startedAt(),
					Duration.ofNanos(System.nanoTime() - call.startNanos()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new IndicatorResult(Status.DOWN, EvaluationOutcome.ERROR, "interrupted", call.startedAt(),
					Duration.ofNanos(System.nanoTime() - call.startNanos()));
		}
	}

	private IndicatorResult stillRunning(InFlight running) {
		Duration runningFor = Duration.ofNanos(System.nanoTime() - running.startNanos());
		return new IndicatorResult(Status.DOWN, EvaluationOutcome.TIMEOUT,
				"still running after " + DurationStyle.SIMPLE.print(runningFor.truncatedTo(ChronoUnit.MILLIS)),
				running.startedAt(), runningFor);
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/** The number of indicator calls still running, hung ones included. */
	public int inFlightCount() {
		return this.inFlight.size();
	}

	/** Stops the threads; calls still running are interrupted. */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private record InFlight(CompletableFuture<Health> future, Instant startedAt, long startNanos) {
	}

	private static final class IndicatorThreadFactory implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(runnable, "grpc-health-indicator-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
