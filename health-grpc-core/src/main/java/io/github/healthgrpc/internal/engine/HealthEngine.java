package io.github.healthgrpc.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.healthgrpc.ServingStatusListener;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.HealthGroup;
import io.github.healthgrpc.internal.model.StatusAggregator;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The engine, and the one owner of control: it starts the evaluation (the first cycle
 * before the server opens, then in the background), enters and leaves terminal state, and
 * shuts down. Data flows one way: contributors, evaluation, the status table,
 * Check/Watch/List. Everything a Spring Boot line needs goes through here; the parts stay
 * package-private.
 */
public final class HealthEngine implements AutoCloseable {

	/**
	 * Each indicator has at most one call in flight, so this bounds only pathological
	 * set-ups.
	 */
	static final int MAX_INDICATOR_THREADS = 64;

	private static final Log logger = LogFactory.getLog(HealthEngine.class);

	private final HealthStatusTable table;

	private final HealthGrpcService service;

	// Further services over the same table (a dedicated health port), completed at
	// shutdown with the main one.
	private final List<HealthGrpcService> listenerServices = new CopyOnWriteArrayList<>();

	private final HealthNameCatalog catalog;

	private final HealthEvaluator evaluator;

	private final StatusPublisher publisher;

	private final RefreshScheduler scheduler;

	private final ThreadPoolExecutor indicatorThreads;

	private final ScheduledThreadPoolExecutor refreshThread;

	private final IndicatorRunner runner;

	private final ServingStatusManager manager;

	// One cycle at a time, from evaluating the indicators to the last listener told.
	private final Object cycleLock = new Object();

	private final Object startLock = new Object();

	@GuardedBy("startLock")
	private @Nullable Future<Evaluation> firstCycle;

	@GuardedBy("startLock")
	private boolean started;

	private volatile boolean shuttingDown;

	private HealthEngine(Builder builder) {
		this.table = new HealthStatusTable();
		for (ServingStatusListener listener : builder.listeners) {
			this.table.addListener(listener);
		}
		this.service = new HealthGrpcService(this.table, builder.listEnabled, builder.listMaxServices,
				builder.maxUnknownWatches);
		this.catalog = new HealthNameCatalog(
				(builder.primaryGroup != null) ? builder.primaryGroup
						: new HealthGroup("", ContributorPathPredicate.all(),
								StatusAggregator.ordered(StatusCodes.DEFAULT_ORDER)),
				builder.groups, builder.overall, builder.overallFollowsIndicators, builder.indicatorsProperty,
				builder.indicatorsInclude, builder.indicatorsExclude, builder.services,
				(builder.grpcServiceNames != null) ? builder.grpcServiceNames : List::of);
		this.indicatorThreads = new ThreadPoolExecutor(0, MAX_INDICATOR_THREADS, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>());
		this.runner = new IndicatorRunner(builder.indicatorTimeout, this.indicatorThreads, builder.clock);
		// The runner and the scheduler name their own threads: a thread factory apart
		// would be one more class to load at start-up.
		this.indicatorThreads.setThreadFactory(this.runner);
		this.evaluator = new HealthEvaluator(builder.contributors, this.catalog, this.runner, builder.mapper,
				builder.clock);
		if (builder.validateMembership) {
			this.catalog.validateMembership(this.evaluator.tree());
		}
		DampingSettings damping = builder.damping;
		this.publisher = new StatusPublisher(this.table, this.catalog,
				(damping == null || DampingSettings.noneDamped(damping, builder.dampingByName.values())) ? null
						: new Damping(damping, builder.dampingByName, builder.undamped));
		this.refreshThread = new ScheduledThreadPoolExecutor(1);
		this.refreshThread.setRemoveOnCancelPolicy(true);
		this.scheduler = new RefreshScheduler(this.refreshThread, this);
		this.refreshThread.setThreadFactory(this.scheduler);
		this.manager = new DefaultServingStatusManager(this, this.publisher, this.table);
	}

	/**
	 * Starts building an engine.
	 * @param contributors the top-level health contributors as they are now, in order:
	 * asked at every cycle, so that contributors registered or removed at run time are
	 * followed
	 * @return the builder
	 */
	public static Builder builder(Supplier<List<Contributor>> contributors) {
		return new Builder(contributors);
	}

	/** The table that Check, Watch and List answer from. */
	public HealthStatusTable statusTable() {
		return this.table;
	}

	/** {@code grpc.health.v1.Health}, to register in a gRPC server. */
	public HealthGrpcService grpcService() {
		return this.service;
	}

	/**
	 * A further {@code grpc.health.v1.Health} over the same table and settings, for a
	 * second server such as a dedicated health port. Its Watch streams are its own, so
	 * they are counted apart from the main service's, and {@link #shutdown} completes
	 * them with the main service's.
	 * @return a new service, to register in one server
	 */
	public HealthGrpcService newListenerService() {
		HealthGrpcService listenerService = this.service.newSibling();
		this.listenerServices.add(listenerService);
		return listenerService;
	}

	/** The API for application code. */
	public ServingStatusManager servingStatusManager() {
		return this.manager;
	}

	/**
	 * Begins the first cycle in the background, on the refresh thread, so that it runs
	 * while the application goes on starting: on a cold JVM the first cycle costs far
	 * more than later ones (class loading, first calls of every indicator), and the rest
	 * of an application's start-up rarely uses every core. {@link #start} then waits for
	 * it. Calling it again, or after {@code start}, has no effect.
	 */
	public void prepare() {
		synchronized (this.startLock) {
			if (this.firstCycle == null && !this.started) {
				this.firstCycle = this.scheduler.beginFirstCycle();
			}
		}
	}

	/**
	 * Completes the first cycle, so that the table holds real results when this returns,
	 * then starts the periodic cycles. The first cycle is the one {@link #prepare()}
	 * began, waited for (and followed by one more if the registered gRPC services changed
	 * meanwhile), or else runs on the calling thread.
	 * @param refreshInterval the time between the starts of two cycles
	 * @throws IllegalStateException if the caller is interrupted while it waits
	 */
	public void start(Duration refreshInterval) {
		Future<Evaluation> begun;
		synchronized (this.startLock) {
			begun = this.firstCycle;
			this.firstCycle = null;
			this.started = true;
		}
		if (begun != null) {
			await(begun);
			// The server may have found its gRPC services after the first cycle read
			// them (net.devh does while beans are still being created): they must be in
			// the table when it opens, not a refresh interval later.
			if (this.catalog.grpcServiceNamesChanged()) {
				refreshNow();
			}
		}
		else {
			refreshNow();
		}
		this.scheduler.start(refreshInterval);
	}

	private static void await(Future<Evaluation> cycle) {
		try {
			cycle.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the first gRPC health evaluation", ex);
		}
		catch (ExecutionException ex) {
			// As if the cycle had run on the caller's thread.
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("The first gRPC health evaluation failed", ex.getCause());
		}
	}

	/** Stops the periodic cycles; requested ones still run. */
	public void stop() {
		this.scheduler.stop();
	}

	/** Whether periodic cycles run. */
	public boolean isRunning() {
		return this.scheduler.isRunning();
	}

	/**
	 * Runs one cycle now, on the calling thread, and returns when the table is updated.
	 * @return what was published
	 */
	public Evaluation refreshNow() {
		synchronized (this.cycleLock) {
			return this.publisher.publish(this.evaluator.evaluate());
		}
	}

	/**
	 * Asks for a cycle as soon as possible in the background; requests made meanwhile are
	 * merged.
	 */
	public void requestRefresh() {
		this.scheduler.requestRefresh();
	}

	/** How many changes damping held back and never showed, because they did not last. */
	public long dampingAbsorbedCount() {
		return this.publisher.dampingAbsorbedCount();
	}

	/** The last published cycle. */
	public Evaluation lastEvaluation() {
		return this.publisher.published();
	}

	/**
	 * Adds a listener told of every completed cycle. If a cycle completed before, the
	 * listener is told of the last one at once, as following {@link Evaluation#NONE}: the
	 * first cycle begins while the application's beans are still being created, so a
	 * listener added by one of them must not depend on when it was added. A cycle in
	 * progress is not waited for: the listener hears of it when it completes.
	 * @param listener the listener
	 */
	public void addEvaluationListener(EvaluationListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		// Not under the cycle lock: a cycle holds it while the indicators run, and the
		// first one runs while the beans that add listeners are created. The publisher
		// orders the listener against the cycles it publishes.
		this.publisher.addListener(listener);
	}

	/** The names the application has set. */
	public Set<String> applicationNames() {
		return this.publisher.applicationNames();
	}

	/**
	 * Turns every name {@code NOT_SERVING} and tells every watcher; later updates are
	 * recorded but not shown until {@link #resume()}. Open Watch streams stay open.
	 */
	public void enterTerminalState() {
		this.table.enterTerminalState();
	}

	/**
	 * Leaves terminal state: the real statuses are shown again and a cycle is requested.
	 * @throws IllegalStateException if the engine is shutting down
	 */
	public void resume() {
		refuseWhenShuttingDown();
		this.table.resume();
		requestRefresh();
	}

	/** Whether terminal state is on. */
	public boolean isTerminal() {
		return this.table.isTerminal();
	}

	/**
	 * Takes one name out of rotation by an operator's request: {@code NOT_SERVING},
	 * watchers told at once, until {@link #exitMaintenance(String)}; refreshes go on but
	 * do not show it. The whole instance goes into maintenance through
	 * {@link #enterTerminalState()}.
	 * @param name a name the health service answers for
	 * @return whether the name is known
	 * @throws IllegalStateException if the engine is shutting down
	 */
	public boolean enterMaintenance(String name) {
		refuseWhenShuttingDown();
		boolean known = this.table.enterMaintenance(name);
		if (known) {
			logger.info("gRPC health: '" + name + "' entered maintenance (NOT_SERVING until it exits)");
		}
		return known;
	}

	/**
	 * Puts a name back into rotation: its real status is shown again, refreshed at once.
	 * @param name the name
	 * @return whether it was in maintenance
	 * @throws IllegalStateException if the engine is shutting down
	 */
	public boolean exitMaintenance(String name) {
		refuseWhenShuttingDown();
		boolean was = this.table.exitMaintenance(name);
		if (was) {
			logger.info("gRPC health: '" + name + "' left maintenance");
			requestRefresh();
		}
		return was;
	}

	/**
	 * Takes the whole instance out of rotation by an operator's request: the terminal
	 * state of {@link #enterTerminalState()}, logged as maintenance.
	 * @throws IllegalStateException if the engine is shutting down
	 */
	public void enterMaintenance() {
		refuseWhenShuttingDown();
		enterTerminalState();
		logger.info("gRPC health: the whole instance entered maintenance (every name NOT_SERVING until it exits)");
	}

	/**
	 * Puts the whole instance back into rotation ({@link #resume()}), logged as
	 * maintenance; names in maintenance of their own stay there.
	 * @throws IllegalStateException if the engine is shutting down
	 */
	public void exitMaintenance() {
		resume();
		logger.info("gRPC health: the whole instance left maintenance");
	}

	/** The names in maintenance, sorted. */
	public Set<String> maintenanceNames() {
		return this.table.maintenanceNames();
	}

	/**
	 * Whether the whole instance is in maintenance: terminal state while the engine is
	 * not shutting down, whoever entered it.
	 */
	public boolean isInstanceInMaintenance() {
		return !this.shuttingDown && isTerminal();
	}

	/** Whether the engine is shutting down (or has shut down). */
	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

	private void refuseWhenShuttingDown() {
		if (this.shuttingDown) {
			throw new IllegalStateException("gRPC health is shutting down and cannot resume");
		}
	}

	/**
	 * Shuts down in the order load balancers need: terminal state (every name
	 * {@code NOT_SERVING}, every watcher told), then the drain delay while the server
	 * still answers, then, if asked, the open Watch streams are completed so that they do
	 * not hold up the server's graceful shutdown. Blocks the caller for the drain delay.
	 * From then on the engine cannot resume.
	 * @param drainDelay how long to keep answering {@code NOT_SERVING}
	 * @param completeWatches whether to complete open Watch streams after it
	 */
	public void shutdown(Duration drainDelay, boolean completeWatches) {
		this.shuttingDown = true;
		this.scheduler.stop();
		enterTerminalState();
		logger.info("gRPC health: all services NOT_SERVING" + (drainDelay.isZero() ? ""
				: ", draining for " + drainDelay.toMillis() + " ms before the gRPC server stops"));
		if (!drainDelay.isZero()) {
			try {
				// Deliberately on the caller's thread: the server must keep answering
				// meanwhile.
				Thread.sleep(drainDelay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (completeWatches) {
			this.service.completeWatches();
			this.listenerServices.forEach(HealthGrpcService::completeWatches);
		}
	}

	/** The number of indicator calls still running, hung ones included. */
	public int indicatorCallsInFlight() {
		return this.runner.inFlightCount();
	}

	/** Stops the threads; indicator calls still running are interrupted. */
	@Override
	public void close() {
		this.scheduler.stop();
		this.refreshThread.shutdownNow();
		this.indicatorThreads.shutdownNow();
	}

	/** What an engine is made of; everything but the contributors has a default. */
	public static final class Builder {

		private final Supplier<List<Contributor>> contributors;

		// Defaults that are lambdas are made only when not set (in the engine's
		// constructor): each lambda is a class to load at start-up.
		private @Nullable HealthGroup primaryGroup;

		private List<HealthGroup> groups = List.of();

		private ServingStatusMapper mapper = new SimpleServingStatusMapper();

		private ServiceMapping overall = new ServiceMapping("", "grpc.health.overall", Set.of("*"), Set.of(), null);

		private boolean overallFollowsIndicators = true;

		private String indicatorsProperty = "grpc.health.indicators";

		private Set<String> indicatorsInclude = Set.of("*");

		private Set<String> indicatorsExclude = Set.of();

		private List<ServiceMapping> services = List.of();

		private @Nullable Supplier<? extends Collection<String>> grpcServiceNames;

		private Duration indicatorTimeout = Duration.ofSeconds(2);

		private boolean listEnabled = true;

		private int listMaxServices = HealthGrpcService.DEFAULT_LIST_MAX_SERVICES;

		private int maxUnknownWatches = HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES;

		private boolean validateMembership = true;

		// Null until damping is set: without it, nothing of damping is loaded.
		private @Nullable DampingSettings damping;

		private Map<String, DampingSettings> dampingByName = Map.of();

		private Set<String> undamped = Set.of();

		private final List<ServingStatusListener> listeners = new ArrayList<>();

		private Clock clock = Clock.systemUTC();

		private Builder(Supplier<List<Contributor>> contributors) {
			this.contributors = Objects.requireNonNull(contributors, "contributors must not be null");
		}

		/**
		 * The health groups. Without them, the whole application is every contributor, in
		 * the default status order.
		 * @param primary the whole application, named {@code ""}: what {@code ""}
		 * aggregates by default, and the status order of every name without its own
		 * @param groups the named groups, each published under its name
		 * @return this builder
		 */
		public Builder groups(HealthGroup primary, List<HealthGroup> groups) {
			this.primaryGroup = Objects.requireNonNull(primary, "primary must not be null");
			this.groups = List.copyOf(groups);
			return this;
		}

		/** How status codes map to serving statuses. */
		public Builder mapper(ServingStatusMapper mapper) {
			this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
			return this;
		}

		/**
		 * What the server-wide name {@code ""} shows.
		 * @param overall what it aggregates within the whole application (the primary
		 * group: no patterns means all of it), under its property, with its own status
		 * order and mapping, if any; its name and group are not used
		 * @param followsIndicators whether it follows the indicators at all; when not, it
		 * is {@code SERVING} until terminal state, as grpc-java's
		 * {@code HealthStatusManager} keeps it when nothing sets it (the registered gRPC
		 * services still follow the aggregate)
		 * @return this builder
		 */
		public Builder overall(ServiceMapping overall, boolean followsIndicators) {
			this.overall = Objects.requireNonNull(overall, "overall must not be null");
			this.overallFollowsIndicators = followsIndicators;
			return this;
		}

		/**
		 * Which contributor paths are published under their own names.
		 * @param property the property the patterns come from, named in error messages
		 * @param include the patterns to include, empty for all
		 * @param exclude the patterns to exclude
		 * @return this builder
		 */
		public Builder indicators(String property, Collection<String> include, Collection<String> exclude) {
			this.indicatorsProperty = Objects.requireNonNull(property, "property must not be null");
			this.indicatorsInclude = Set.copyOf(include);
			this.indicatorsExclude = Set.copyOf(exclude);
			return this;
		}

		/** Configured service names and what each aggregates. */
		public Builder services(List<ServiceMapping> services) {
			this.services = List.copyOf(services);
			return this;
		}

		/**
		 * The gRPC services registered in the server; they follow {@code ""}. Read at
		 * every cycle.
		 */
		public Builder grpcServiceNames(Supplier<? extends Collection<String>> grpcServiceNames) {
			this.grpcServiceNames = Objects.requireNonNull(grpcServiceNames, "grpcServiceNames must not be null");
			return this;
		}

		/** How long one indicator may take before it counts as {@code DOWN}. */
		public Builder indicatorTimeout(Duration indicatorTimeout) {
			this.indicatorTimeout = Objects.requireNonNull(indicatorTimeout, "indicatorTimeout must not be null");
			return this;
		}

		/**
		 * The limits and switches of Check, Watch and List.
		 * @param listEnabled whether List is served; when off it answers
		 * {@code UNIMPLEMENTED}
		 * @param listMaxServices the most services List returns, at least 1
		 * @param maxUnknownWatches the most Watch streams on unknown names open at once,
		 * at least 1
		 * @return this builder
		 */
		public Builder serviceSettings(boolean listEnabled, int listMaxServices, int maxUnknownWatches) {
			this.listEnabled = listEnabled;
			this.listMaxServices = listMaxServices;
			this.maxUnknownWatches = maxUnknownWatches;
			return this;
		}

		/**
		 * Whether every contributor path named in configuration must exist when the
		 * engine is built.
		 */
		public Builder validateMembership(boolean validateMembership) {
			this.validateMembership = validateMembership;
			return this;
		}

		/**
		 * How long changes must last before they are shown; without it, every change is
		 * shown at once.
		 * @param defaults for every name without its own
		 * @param byName names with their own settings
		 * @param undamped contributor paths whose changes are shown at once, in every
		 * name that includes them (the application's availability states)
		 */
		public Builder damping(DampingSettings defaults, Map<String, DampingSettings> byName, Set<String> undamped) {
			this.damping = Objects.requireNonNull(defaults, "defaults must not be null");
			this.dampingByName = Map.copyOf(byName);
			this.undamped = Set.copyOf(undamped);
			return this;
		}

		/** Adds a listener told of every change of what Check, Watch and List answer. */
		public Builder listener(ServingStatusListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
			return this;
		}

		Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Builds the engine; nothing runs until {@link HealthEngine#start(Duration)}.
		 * @return the engine
		 * @throws IllegalArgumentException if a service mapping is invalid
		 * @throws IllegalStateException if membership is validated and a configured path
		 * matches nothing
		 */
		public HealthEngine build() {
			return new HealthEngine(this);
		}

	}

}
