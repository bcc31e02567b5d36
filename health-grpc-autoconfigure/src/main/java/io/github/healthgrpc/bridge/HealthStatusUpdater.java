package io.github.healthgrpc.bridge;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.function.BooleanSupplier;

import io.github.healthgrpc.protocol.HealthStatusTable;
import io.github.healthgrpc.protocol.ServingStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributors;
import org.springframework.boot.actuate.health.Status;

/**
 * Keeps the {@link HealthStatusTable} in step with Actuator: each cycle evaluates every indicator that
 * some published name needs (once, however many names use it), computes each name's status and writes
 * it to the table. Cycles run on one background thread, every refresh interval and on demand; gRPC
 * calls never wait for them.
 */
public class HealthStatusUpdater implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(HealthStatusUpdater.class);

	private final NamedContributors<HealthContributor> contributors;

	private final HealthNameCatalog catalog;

	private final ContributorEvaluator evaluator;

	private final ServingStatusMapper mapper;

	private final HealthStatusTable table;

	private final ScheduledExecutorService scheduler;

	private final AtomicBoolean refreshQueued = new AtomicBoolean();

	private final List<Consumer<Evaluation>> listeners = new CopyOnWriteArrayList<>();

	private final Object cycleLock = new Object();

	private ScheduledFuture<?> periodic;

	// Written by the cycle under cycleLock, read by anyone: replaced whole, never mutated.
	private volatile Evaluation lastEvaluation = Evaluation.NONE;

	public HealthStatusUpdater(NamedContributors<HealthContributor> contributors, HealthNameCatalog catalog,
			ContributorEvaluator evaluator, ServingStatusMapper mapper, HealthStatusTable table) {
		this.contributors = Objects.requireNonNull(contributors, "contributors must not be null");
		this.catalog = Objects.requireNonNull(catalog, "catalog must not be null");
		this.evaluator = Objects.requireNonNull(evaluator, "evaluator must not be null");
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
		this.table = Objects.requireNonNull(table, "table must not be null");
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "grpc-health-refresh");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler = scheduler;
	}

	/**
	 * Runs one cycle now, on the calling thread, and returns when the table is updated.
	 */
	public Evaluation refreshNow() {
		synchronized (this.cycleLock) {
			Evaluation evaluation = evaluate();
			publish(evaluation);
			this.lastEvaluation = evaluation;
			return evaluation;
		}
	}

	/**
	 * Asks for a cycle as soon as possible on the background thread. Requests made while one is waiting
	 * are merged into it.
	 */
	public void requestRefresh() {
		if (this.refreshQueued.compareAndSet(false, true) && !execute(() -> {
			this.refreshQueued.set(false);
			safeRefresh();
		})) {
			this.refreshQueued.set(false);
		}
	}

	/**
	 * Asks for a cycle once a condition holds, checked on the background thread every few milliseconds
	 * for at most {@code maxWait}; the cycle runs then in any case. Used for events whose effect other
	 * listeners record after this one is told.
	 * @param ready the condition
	 * @param maxWait how long to wait for it
	 */
	public void requestRefreshWhen(BooleanSupplier ready, Duration maxWait) {
		long deadline = System.nanoTime() + maxWait.toNanos();
		Runnable attempt = new Runnable() {
			@Override
			public void run() {
				if (ready.getAsBoolean() || System.nanoTime() - deadline >= 0) {
					safeRefresh();
				}
				else {
					HealthStatusUpdater.this.scheduler.schedule(this, 2, TimeUnit.MILLISECONDS);
				}
			}
		};
		execute(attempt);
	}

	private boolean execute(Runnable task) {
		try {
			this.scheduler.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			logger.debug("gRPC health refresh not scheduled: updater is closed");
			return false;
		}
	}

	/**
	 * Starts the periodic cycles, the first one after one interval. Cycles start every interval (a cycle
	 * that takes longer delays the next, never overlaps it), so a change shows within one interval plus
	 * the time indicators take to answer.
	 * @param interval the time between the starts of two cycles
	 */
	public synchronized void start(Duration interval) {
		if (this.periodic == null) {
			long millis = interval.toMillis();
			this.periodic = this.scheduler.scheduleAtFixedRate(this::safeRefresh, millis, millis,
					TimeUnit.MILLISECONDS);
		}
	}

	/** Stops the periodic cycles; on-demand ones still run. */
	public synchronized void stop() {
		if (this.periodic != null) {
			this.periodic.cancel(false);
			this.periodic = null;
		}
	}

	/** Whether periodic cycles run. */
	public synchronized boolean isRunning() {
		return this.periodic != null;
	}

	/** The names published by the last cycle. */
	public Set<String> publishedNames() {
		return this.lastEvaluation.names().keySet();
	}

	/** The last completed cycle. */
	public Evaluation lastEvaluation() {
		return this.lastEvaluation;
	}

	@Override
	public void close() {
		stop();
		this.scheduler.shutdownNow();
		this.evaluator.close();
	}

	private void safeRefresh() {
		try {
			refreshNow();
		}
		catch (RuntimeException ex) {
			// A failing cycle must not end the periodic task: the next one tries again.
			logger.warn("gRPC health refresh failed", ex);
		}
	}

	private Evaluation evaluate() {
		Instant start = Instant.now();
		ContributorTree tree = ContributorTree.of(this.contributors);
		Map<String, PublishedName> names = this.catalog.resolve(tree);
		// Names sharing a rule (registered services follow "") are computed once.
		Map<NameRule, Set<String>> membersByRule = new IdentityHashMap<>();
		for (PublishedName name : names.values()) {
			membersByRule.computeIfAbsent(name.rule(), (rule) -> Set.copyOf(rule.members(tree)));
		}
		Set<String> needed = new HashSet<>();
		membersByRule.values().forEach(needed::addAll);
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>(tree.indicators());
		indicators.keySet().retainAll(needed);
		Map<String, IndicatorResult> results = this.evaluator.evaluate(indicators);
		Map<NameRule, Status> statusByRule = new IdentityHashMap<>();
		Map<String, NameStatus> statuses = new LinkedHashMap<>();
		for (PublishedName name : names.values()) {
			Status status = statusByRule.computeIfAbsent(name.rule(),
					(rule) -> rule.status(tree, (path) -> results.get(path).status()));
			statuses.put(name.name(),
					new NameStatus(name, status, this.mapper.map(status), membersByRule.get(name.rule())));
		}
		return new Evaluation(Collections.unmodifiableMap(statuses), Collections.unmodifiableMap(results), start,
				Duration.between(start, Instant.now()));
	}

	private void publish(Evaluation evaluation) {
		Evaluation previous = this.lastEvaluation;
		for (NameStatus status : evaluation.names().values()) {
			this.table.set(status.name().name(), status.servingStatus());
			NameStatus before = previous.names().get(status.name().name());
			if (before == null || before.servingStatus() != status.servingStatus()) {
				logTransition(status, before, evaluation);
			}
		}
		for (String name : previous.names().keySet()) {
			if (!evaluation.names().containsKey(name)) {
				this.table.clear(name);
				logger.info("gRPC health '" + name + "': removed, no longer published");
			}
		}
		logIndicatorChanges(previous, evaluation);
		for (Consumer<Evaluation> listener : this.listeners) {
			try {
				listener.accept(evaluation);
			}
			catch (RuntimeException ex) {
				logger.warn("gRPC health evaluation listener failed", ex);
			}
		}
	}

	private void logTransition(NameStatus status, NameStatus before, Evaluation evaluation) {
		if (before == null && status.servingStatus() == ServingStatus.SERVING) {
			// Names appearing healthy are the normal start: not worth a line each.
			logger.debug("gRPC health '" + status.name().name() + "': SERVING");
			return;
		}
		String reason = evaluation.reason(status);
		logger.info("gRPC health '" + status.name().name() + "': "
				+ ((before != null) ? before.servingStatus() : "(new)") + " -> " + status.servingStatus()
				+ " (Actuator status " + status.actuatorStatus().getCode() + ((reason != null) ? "; " + reason : "")
				+ ")");
	}

	// A failing indicator is reported when it starts failing and when it recovers, not every cycle.
	private void logIndicatorChanges(Evaluation previous, Evaluation evaluation) {
		evaluation.indicators().forEach((path, result) -> {
			IndicatorResult before = previous.indicators().get(path);
			boolean failing = result.outcome().isFailure();
			boolean wasFailing = before != null && before.outcome().isFailure();
			if (failing && !wasFailing) {
				logger.warn("Health contributor '" + path + "' is failing, counted as DOWN: " + result.reason());
			}
			else if (!failing && wasFailing) {
				logger.info("Health contributor '" + path + "' answers again: " + result.status().getCode());
			}
		});
	}

	/**
	 * Adds a listener told of every completed cycle, on the cycle's thread.
	 * @param listener the listener
	 */
	public void addEvaluationListener(Consumer<Evaluation> listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
	}

	/**
	 * The status of one published name in one cycle.
	 *
	 * @param name the name and how it is computed
	 * @param actuatorStatus the aggregated Actuator status
	 * @param servingStatus what it maps to
	 * @param members the indicator paths it aggregates
	 */
	public record NameStatus(PublishedName name, Status actuatorStatus, ServingStatus servingStatus,
			Set<String> members) {
	}

	/**
	 * One cycle.
	 *
	 * @param names the status of every published name
	 * @param indicators the result of every indicator evaluated
	 * @param startedAt when the cycle started
	 * @param duration how long it took
	 */
	public record Evaluation(Map<String, NameStatus> names, Map<String, IndicatorResult> indicators, Instant startedAt,
			Duration duration) {

		static final Evaluation NONE = new Evaluation(Map.of(), Map.of(), Instant.EPOCH, Duration.ZERO);

		/**
		 * Why a name is not UP: its members that are not, with their reasons, or {@code null} if all are.
		 * @param status a name of this cycle
		 */
		public String reason(NameStatus status) {
			String reasons = status.members()
				.stream()
				.sorted()
				.filter((path) -> this.indicators.get(path).outcome() != EvaluationOutcome.UP)
				.map((path) -> path + " " + this.indicators.get(path).reason())
				.collect(Collectors.joining(", "));
			return reasons.isEmpty() ? null : reasons;
		}

	}

}
