package io.github.healthgrpc.internal.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import java.time.temporal.ChronoUnit;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration of the gRPC health service and of how Actuator health is published
 * through it. Invalid values stop start-up with a message that names the property.
 * <p>
 * What only an optional feature reads is not here, so that an application that does not
 * use it loads no class for it (the binder loads every nested type here):
 * {@code grpc.health.server.*} is {@link GrpcHealthServerProperties}, bound only with the
 * dedicated health listener; {@code grpc.health.security.allow-unauthenticated} is read
 * only by a condition of each line, so it is described in
 * {@code META-INF/additional-spring-configuration-metadata.json}.
 */
@ConfigurationProperties("grpc.health")
public class GrpcHealthProperties implements InitializingBean {

	/**
	 * Re-evaluating every contributor more often than this costs a core and tells clients
	 * nothing.
	 */
	static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(100);

	/**
	 * Whether to serve grpc.health.v1.Health from Actuator health. When false, the gRPC
	 * server's own health service (net.devh's or Spring Boot's) is left in place.
	 */
	private boolean enabled = true;

	/**
	 * How often health contributors are re-evaluated in the background (at least 100ms).
	 * A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration refreshInterval = Duration.ofSeconds(5);

	/**
	 * How long one health contributor may take; a slower one counts as DOWN (timed out)
	 * for that cycle. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration indicatorTimeout = Duration.ofSeconds(2);

	/**
	 * Whether every contributor path named under grpc.health.services,
	 * grpc.health.overall and grpc.health.indicators must match a health contributor at
	 * start-up. Turn off for contributors registered at run time.
	 */
	private boolean validateMembership = true;

	/**
	 * Actuator status code to gRPC ServingStatus. Defaults: UP=SERVING, DOWN=NOT_SERVING,
	 * OUT_OF_SERVICE=NOT_SERVING, UNKNOWN=UNKNOWN; any other code maps to SERVING unless
	 * listed.
	 */
	private final Map<String, ServingStatus> statusMapping = new LinkedHashMap<>();

	/**
	 * Which contributor paths are published under their own names.
	 */
	private final Selection indicators = new Selection();

	/**
	 * What the server-wide name "" aggregates.
	 */
	private final Overall overall = new Overall();

	/**
	 * Service names and what each aggregates: contributor paths (include/exclude) or an
	 * Actuator health group (group), with its own status-mapping and status-order where
	 * they differ from the application's. Dotted names go in brackets:
	 * grpc.health.services[acme.Echo].include=db.
	 */
	private final Map<String, Service> services = new LinkedHashMap<>();

	/**
	 * The List method.
	 */
	private final ListMethod list = new ListMethod();

	/**
	 * The Watch method.
	 */
	private final WatchMethod watch = new WatchMethod();

	/**
	 * What happens when the application context closes.
	 */
	private final Shutdown shutdown = new Shutdown();

	/**
	 * How long a change of a name's status must last before Check and Watch show it; off
	 * by default.
	 */
	private final Damping damping = new Damping();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public Duration getIndicatorTimeout() {
		return this.indicatorTimeout;
	}

	public void setIndicatorTimeout(Duration indicatorTimeout) {
		this.indicatorTimeout = indicatorTimeout;
	}

	public boolean isValidateMembership() {
		return this.validateMembership;
	}

	public void setValidateMembership(boolean validateMembership) {
		this.validateMembership = validateMembership;
	}

	public Map<String, ServingStatus> getStatusMapping() {
		return this.statusMapping;
	}

	public Selection getIndicators() {
		return this.indicators;
	}

	public Overall getOverall() {
		return this.overall;
	}

	public Map<String, Service> getServices() {
		return this.services;
	}

	public ListMethod getList() {
		return this.list;
	}

	public WatchMethod getWatch() {
		return this.watch;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Damping getDamping() {
		return this.damping;
	}

	/**
	 * Checks the bound values together, once binding is done, so that a mistake stops
	 * start-up with the property's name instead of running with a surprising value.
	 */
	@Override
	public void afterPropertiesSet() {
		if (this.refreshInterval.compareTo(MIN_REFRESH_INTERVAL) < 0) {
			throw new IllegalArgumentException("grpc.health.refresh-interval must be at least "
					+ MIN_REFRESH_INTERVAL.toMillis() + "ms, was " + this.refreshInterval.toMillis()
					+ "ms (every contributor is called once per interval; a bare number means seconds)");
		}
		positive(this.indicatorTimeout, "grpc.health.indicator-timeout");
		atLeastOne(this.list.getMaxServices(), "grpc.health.list.max-services");
		atLeastOne(this.watch.getMaxUnknown(), "grpc.health.watch.max-unknown");
		if (this.shutdown.getDrainDelay().isNegative()) {
			throw new IllegalArgumentException("grpc.health.shutdown.drain-delay must be zero or positive, was "
					+ this.shutdown.getDrainDelay().toMillis() + "ms");
		}
		this.overall.check("grpc.health.overall");
		this.damping.check("grpc.health.damping");
		// Loops, not lambdas: each lambda is one more class to load at start-up.
		for (Map.Entry<String, Service> service : this.services.entrySet()) {
			service.getValue().check("grpc.health.services[" + service.getKey() + "]");
		}
	}

	/**
	 * Include and exclude patterns over contributor paths, as in Actuator health groups.
	 */
	public static class Selection {

		/**
		 * Contributor paths to include ('*' for all; 'stores' includes 'stores/primary').
		 */
		private Set<String> include = new LinkedHashSet<>(Set.of("*"));

		/**
		 * Contributor paths to exclude; exclusion wins over inclusion.
		 */
		private Set<String> exclude = new LinkedHashSet<>();

		public Set<String> getInclude() {
			return this.include;
		}

		public void setInclude(Set<String> include) {
			this.include = include;
		}

		public Set<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(Set<String> exclude) {
			this.exclude = exclude;
		}

	}

	/**
	 * What the server-wide name "" aggregates, and in which order of severity.
	 */
	public static class Overall extends Selection {

		/**
		 * Health statuses in order of severity for "" alone. Unset: the order of the
		 * health endpoint (management.endpoint.health.status.order).
		 */
		private List<String> statusOrder = new ArrayList<>();

		/**
		 * Whether "" follows the health contributors. When false it is SERVING until the
		 * application shuts down, as grpc-java's HealthStatusManager keeps it (Spring
		 * Boot's include-overall-health=false); registered gRPC services still follow the
		 * contributors.
		 */
		private boolean followIndicators = true;

		public List<String> getStatusOrder() {
			return this.statusOrder;
		}

		public void setStatusOrder(List<String> statusOrder) {
			this.statusOrder = statusOrder;
		}

		public boolean isFollowIndicators() {
			return this.followIndicators;
		}

		public void setFollowIndicators(boolean followIndicators) {
			this.followIndicators = followIndicators;
		}

		void check(String property) {
			checkOrder(this.statusOrder, property + ".status-order");
		}

	}

	/**
	 * What one configured service name aggregates: contributor paths (include, none by
	 * default, and exclude) or an Actuator health group; and, where it differs from the
	 * application's, its own status order and mapping.
	 */
	public static class Service extends Selection {

		/**
		 * Name of an Actuator health group to mirror instead of include/exclude.
		 */
		private @Nullable String group;

		/**
		 * Health status code to gRPC ServingStatus for this name alone; a code not listed
		 * maps as grpc.health.status-mapping says.
		 */
		private final Map<String, ServingStatus> statusMapping = new LinkedHashMap<>();

		/**
		 * Health statuses in order of severity for this name alone. Unset: the order of
		 * the health endpoint (management.endpoint.health.status.order), or of the
		 * mirrored group.
		 */
		private List<String> statusOrder = new ArrayList<>();

		/**
		 * This name's own damping; what is not set here is grpc.health.damping's.
		 */
		private final Damping damping = new Damping();

		public Service() {
			setInclude(new LinkedHashSet<>());
		}

		public @Nullable String getGroup() {
			return this.group;
		}

		public void setGroup(@Nullable String group) {
			this.group = group;
		}

		public Map<String, ServingStatus> getStatusMapping() {
			return this.statusMapping;
		}

		public List<String> getStatusOrder() {
			return this.statusOrder;
		}

		public void setStatusOrder(List<String> statusOrder) {
			this.statusOrder = statusOrder;
		}

		public Damping getDamping() {
			return this.damping;
		}

		void check(String property) {
			checkOrder(this.statusOrder, property + ".status-order");
			this.damping.check(property + ".damping");
			for (String code : this.statusMapping.keySet()) {
				if (code.isBlank()) {
					throw new IllegalArgumentException(property + ".status-mapping has an entry without a status code");
				}
			}
		}

	}

	/**
	 * Refuses a count below one, naming the property and the value. Shared with the other
	 * property classes, so that a mistake reads the same in every {@code grpc.health.*}
	 * property.
	 */
	static void atLeastOne(int value, String property) {
		if (value < 1) {
			throw new IllegalArgumentException(property + " must be at least 1, was " + value);
		}
	}

	/** Refuses a duration that is zero or negative, naming the property and the value. */
	static void positive(Duration duration, String property) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(
					property + " must be a positive duration, was " + duration.toMillis() + "ms");
		}
	}

	private static void checkOrder(List<String> order, String property) {
		for (String code : order) {
			if (code == null || code.isBlank()) {
				throw new IllegalArgumentException(property + " has an empty status code: " + order);
			}
		}
	}

	/**
	 * Settings of the List method.
	 */
	public static class ListMethod {

		/**
		 * Whether to serve List; when false it answers UNIMPLEMENTED (List reveals
		 * service and contributor names).
		 */
		private boolean enabled = true;

		/**
		 * The most services List returns; with more it answers RESOURCE_EXHAUSTED.
		 */
		private int maxServices = HealthGrpcService.DEFAULT_LIST_MAX_SERVICES;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxServices() {
			return this.maxServices;
		}

		public void setMaxServices(int maxServices) {
			this.maxServices = maxServices;
		}

	}

	/**
	 * Settings of the Watch method.
	 */
	public static class WatchMethod {

		/**
		 * The most Watch streams on unknown service names open at once; beyond it Watch
		 * answers RESOURCE_EXHAUSTED.
		 */
		private int maxUnknown = HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES;

		public int getMaxUnknown() {
			return this.maxUnknown;
		}

		public void setMaxUnknown(int maxUnknown) {
			this.maxUnknown = maxUnknown;
		}

	}

	/**
	 * Behaviour when the application context closes.
	 */
	public static class Shutdown {

		/**
		 * How long to keep answering NOT_SERVING after the context starts closing and
		 * before the gRPC server stops, so that load balancers move traffic away. A bare
		 * number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration drainDelay = Duration.ZERO;

		/**
		 * Whether to complete open Watch streams after the drain delay, so they do not
		 * hold up the server's graceful shutdown.
		 */
		private boolean completeWatches = true;

		public Duration getDrainDelay() {
			return this.drainDelay;
		}

		public void setDrainDelay(Duration drainDelay) {
			this.drainDelay = drainDelay;
		}

		public boolean isCompleteWatches() {
			return this.completeWatches;
		}

		public void setCompleteWatches(boolean completeWatches) {
			this.completeWatches = completeWatches;
		}

	}

	/**
	 * Damping: a change of a name's evaluated status is shown only once it has lasted
	 * this long across consecutive refreshes. Availability changes (readiness, liveness),
	 * terminal state and names set by application code are never held back.
	 */
	public static class Damping {

		/**
		 * How long a change away from SERVING must last before it is shown (0s: at once).
		 * A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration downAfter;

		/**
		 * How long a change back to SERVING must last before it is shown (0s: at once). A
		 * bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration upAfter;

		public @Nullable Duration getDownAfter() {
			return this.downAfter;
		}

		public void setDownAfter(@Nullable Duration downAfter) {
			this.downAfter = downAfter;
		}

		public @Nullable Duration getUpAfter() {
			return this.upAfter;
		}

		public void setUpAfter(@Nullable Duration upAfter) {
			this.upAfter = upAfter;
		}

		void check(String property) {
			notNegative(this.downAfter, property + ".down-after");
			notNegative(this.upAfter, property + ".up-after");
		}

		private static void notNegative(@Nullable Duration duration, String property) {
			if (duration != null && duration.isNegative()) {
				throw new IllegalArgumentException(
						property + " must be zero or positive, was " + duration.toMillis() + "ms");
			}
		}

	}

}
