package io.github.healthgrpc.internal.engine;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ServingStatusManager} of an engine: writes go through its publisher, control
 * through it.
 */
final class DefaultServingStatusManager implements ServingStatusManager {

	private static final Log logger = LogFactory.getLog(DefaultServingStatusManager.class);

	private final HealthEngine engine;

	private final StatusPublisher publisher;

	private final HealthStatusTable table;

	DefaultServingStatusManager(HealthEngine engine, StatusPublisher publisher, HealthStatusTable table) {
		this.engine = engine;
		this.publisher = publisher;
		this.table = table;
	}

	@Override
	public void setServingStatus(String name, ServingStatus status) {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(status, "status must not be null");
		ServingStatus previous = this.table.get(name);
		this.publisher.setByApplication(name, status);
		if (previous != status && logger.isInfoEnabled()) {
			logger.info("gRPC health '" + name + "': " + ((previous != null) ? previous : "(new)") + " -> " + status
					+ " (set by the application)");
		}
	}

	@Override
	public boolean clearServingStatus(String name) {
		Objects.requireNonNull(name, "name must not be null");
		boolean cleared = this.publisher.clearByApplication(name);
		if (cleared && logger.isInfoEnabled()) {
			logger.info("gRPC health '" + name + "': removed by the application");
		}
		return cleared;
	}

	@Override
	public @Nullable ServingStatus getServingStatus(String name) {
		Objects.requireNonNull(name, "name must not be null");
		return this.table.get(name);
	}

	@Override
	public Map<String, ServingStatus> getServingStatuses() {
		return this.table.snapshot();
	}

	@Override
	public Set<String> getApplicationNames() {
		return this.publisher.applicationNames();
	}

	@Override
	public void refresh() {
		this.engine.requestRefresh();
	}

	@Override
	public void enterTerminalState() {
		this.engine.enterTerminalState();
	}

	@Override
	public void resume() {
		this.engine.resume();
	}

	@Override
	public boolean isTerminal() {
		return this.engine.isTerminal();
	}

}
