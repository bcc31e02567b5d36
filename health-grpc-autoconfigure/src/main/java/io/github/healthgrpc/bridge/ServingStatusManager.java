package io.github.healthgrpc.bridge;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.healthgrpc.protocol.HealthGrpcService;
import io.github.healthgrpc.protocol.HealthStatusTable;
import io.github.healthgrpc.protocol.ServingStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What application code uses to take part in gRPC health: set and clear statuses of its own names
 * (as grpc-go's {@code SetServingStatus} does), read any status, ask for an immediate re-evaluation of
 * the Actuator indicators, and enter or leave terminal state by hand.
 * <p>
 * Names published from Actuator (contributors, groups, {@code grpc.health.services}, registered gRPC
 * services and {@code ""}) belong to the bridge and cannot be set here: the next refresh would
 * overwrite them.
 */
public class ServingStatusManager {

	private static final Log logger = LogFactory.getLog(ServingStatusManager.class);

	private final HealthStatusTable table;

	private final HealthGrpcService service;

	private final HealthStatusUpdater updater;

	private final Set<String> applicationNames = ConcurrentHashMap.newKeySet();

	public ServingStatusManager(HealthStatusTable table, HealthGrpcService service, HealthStatusUpdater updater) {
		this.table = Objects.requireNonNull(table, "table must not be null");
		this.service = Objects.requireNonNull(service, "service must not be null");
		this.updater = Objects.requireNonNull(updater, "updater must not be null");
	}

	/**
	 * Sets the status of a name owned by the application, creating it if needed.
	 * @param name the service name
	 * @param status its status
	 * @throws IllegalArgumentException if the name is published from Actuator or is too long
	 */
	public void setServingStatus(String name, ServingStatus status) {
		Objects.requireNonNull(name, "name must not be null");
		if (this.updater.publishedNames().contains(name)) {
			throw new IllegalArgumentException("gRPC health name '" + name
					+ "' is published from Actuator health; map it with grpc.health.services instead of setting it");
		}
		ServingStatus previous = this.table.get(name);
		this.table.set(name, status);
		this.applicationNames.add(name);
		if (previous != status) {
			logger.info("gRPC health '" + name + "': " + ((previous != null) ? previous : "(new)") + " -> " + status
					+ " (set by the application)");
		}
	}

	/**
	 * Removes a name owned by the application: Check answers {@code NOT_FOUND}, watchers get
	 * {@code SERVICE_UNKNOWN}.
	 * @param name the service name
	 * @return whether the application had set it
	 * @throws IllegalArgumentException if the name is published from Actuator
	 */
	public boolean clearServingStatus(String name) {
		Objects.requireNonNull(name, "name must not be null");
		if (!this.applicationNames.remove(name)) {
			if (this.updater.publishedNames().contains(name)) {
				throw new IllegalArgumentException(
						"gRPC health name '" + name + "' is published from Actuator health and cannot be cleared");
			}
			return false;
		}
		this.table.clear(name);
		logger.info("gRPC health '" + name + "': removed by the application");
		return true;
	}

	/**
	 * Returns the status that Check answers for a name.
	 * @param name the service name
	 * @return the status, or {@code null} if the name is unknown
	 */
	public ServingStatus getServingStatus(String name) {
		return this.table.get(name);
	}

	/** The status of every known name, as List answers. */
	public Map<String, ServingStatus> getServingStatuses() {
		return this.table.snapshot();
	}

	/** The names the application has set. */
	public Set<String> getApplicationNames() {
		return Set.copyOf(this.applicationNames);
	}

	/** Re-evaluates the Actuator indicators now, in the background, without waiting for the next refresh. */
	public void refresh() {
		this.updater.requestRefresh();
	}

	/**
	 * Turns every name {@code NOT_SERVING} and ignores later updates until {@link #resume()}; done
	 * automatically when the application context closes.
	 */
	public void enterTerminalState() {
		this.table.enterTerminalState();
	}

	/**
	 * Leaves terminal state: the real statuses (not a blanket {@code SERVING}) are shown again, Watch
	 * streams stay open again, and the indicators are re-evaluated.
	 */
	public void resume() {
		this.table.resume();
		this.service.reopenWatches();
		this.updater.requestRefresh();
	}

	/** Whether terminal state is on. */
	public boolean isTerminal() {
		return this.table.isTerminal();
	}

}
