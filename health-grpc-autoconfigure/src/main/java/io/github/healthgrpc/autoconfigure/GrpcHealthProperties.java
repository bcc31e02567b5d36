package io.github.healthgrpc.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.protocol.HealthServiceSettings;
import io.github.healthgrpc.protocol.ServingStatus;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the gRPC health service and of how Actuator health is published through it.
 */
@ConfigurationProperties("grpc.health")
public class GrpcHealthProperties {

	/**
	 * Whether to serve grpc.health.v1.Health from Actuator health. When false, net.devh's own health
	 * service is left in place.
	 */
	private boolean enabled = true;

	/**
	 * How often health contributors are re-evaluated in the background.
	 */
	private Duration refreshInterval = Duration.ofSeconds(5);

	/**
	 * How long one health contributor may take; a slower one counts as DOWN (timed out) for that cycle.
	 */
	private Duration indicatorTimeout = Duration.ofSeconds(2);

	/**
	 * Actuator status code to gRPC ServingStatus. Defaults: UP=SERVING, DOWN=NOT_SERVING,
	 * OUT_OF_SERVICE=NOT_SERVING, UNKNOWN=UNKNOWN; any other code maps to SERVING unless listed.
	 */
	private final Map<String, ServingStatus> statusMapping = new LinkedHashMap<>();

	/**
	 * Which contributor paths are published under their own names.
	 */
	private final Selection indicators = new Selection();

	/**
	 * What the server-wide name "" aggregates.
	 */
	private final Selection overall = new Selection();

	/**
	 * Service names and what each aggregates: contributor paths (include/exclude) or an Actuator health
	 * group. Dotted names go in brackets: grpc.health.services[acme.Echo].include=db.
	 */
	private final Map<String, Service> services = new LinkedHashMap<>();

	/**
	 * The List method.
	 */
	private final List list = new List();

	/**
	 * The Watch method.
	 */
	private final Watch watch = new Watch();

	/**
	 * What happens when the application context closes.
	 */
	private final Shutdown shutdown = new Shutdown();

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
		this.refreshInterval = positive(refreshInterval, "grpc.health.refresh-interval");
	}

	public Duration getIndicatorTimeout() {
		return this.indicatorTimeout;
	}

	public void setIndicatorTimeout(Duration indicatorTimeout) {
		this.indicatorTimeout = positive(indicatorTimeout, "grpc.health.indicator-timeout");
	}

	public Map<String, ServingStatus> getStatusMapping() {
		return this.statusMapping;
	}

	public Selection getIndicators() {
		return this.indicators;
	}

	public Selection getOverall() {
		return this.overall;
	}

	public Map<String, Service> getServices() {
		return this.services;
	}

	public List getList() {
		return this.list;
	}

	public Watch getWatch() {
		return this.watch;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	private static Duration positive(Duration value, String property) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(property + " must be a positive duration, was " + value);
		}
		return value;
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
	 * What one configured service name aggregates: contributor paths (include, none by default, and
	 * exclude) or an Actuator health group.
	 */
	public static class Service extends Selection {

		/**
		 * Name of an Actuator health group to mirror instead of include/exclude.
		 */
		private String group;

		public Service() {
			setInclude(new LinkedHashSet<>());
		}

		public String getGroup() {
			return this.group;
		}

		public void setGroup(String group) {
			this.group = group;
		}

	}

	/**
	 * Settings of the List method.
	 */
	public static class List {

		/**
		 * Whether to serve List; when false it answers UNIMPLEMENTED (List reveals service and
		 * contributor names).
		 */
		private boolean enabled = true;

		/**
		 * The most services List returns; with more it answers RESOURCE_EXHAUSTED.
		 */
		private int maxServices = HealthServiceSettings.DEFAULT_LIST_MAX_SERVICES;

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
			this.maxServices = atLeastOne(maxServices, "grpc.health.list.max-services");
		}

	}

	/**
	 * Settings of the Watch method.
	 */
	public static class Watch {

		/**
		 * The most Watch streams on unknown service names open at once; beyond it Watch answers
		 * RESOURCE_EXHAUSTED.
		 */
		private int maxUnknown = HealthServiceSettings.DEFAULT_MAX_UNKNOWN_WATCHES;

		public int getMaxUnknown() {
			return this.maxUnknown;
		}

		public void setMaxUnknown(int maxUnknown) {
			this.maxUnknown = atLeastOne(maxUnknown, "grpc.health.watch.max-unknown");
		}

	}

	/**
	 * Behaviour when the application context closes.
	 */
	public static class Shutdown {

		/**
		 * How long to keep answering NOT_SERVING after the context starts closing and before the gRPC
		 * server stops, so that load balancers move traffic away.
		 */
		private Duration drainDelay = Duration.ZERO;

		/**
		 * Whether to complete open Watch streams after the drain delay, so they do not hold up the
		 * server's graceful shutdown.
		 */
		private boolean completeWatches = true;

		public Duration getDrainDelay() {
			return this.drainDelay;
		}

		public void setDrainDelay(Duration drainDelay) {
			if (drainDelay == null || drainDelay.isNegative()) {
				throw new IllegalArgumentException(
						"grpc.health.shutdown.drain-delay must be zero or positive, was " + drainDelay);
			}
			this.drainDelay = drainDelay;
		}

		public boolean isCompleteWatches() {
			return this.completeWatches;
		}

		public void setCompleteWatches(boolean completeWatches) {
			this.completeWatches = completeWatches;
		}

	}

	private static int atLeastOne(int value, String property) {
		if (value < 1) {
			throw new IllegalArgumentException(property + " must be at least 1, was " + value);
		}
		return value;
	}

}
