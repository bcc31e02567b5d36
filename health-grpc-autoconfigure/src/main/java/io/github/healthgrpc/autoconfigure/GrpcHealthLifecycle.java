package io.github.healthgrpc.autoconfigure;

import java.time.Duration;

import io.github.healthgrpc.bridge.HealthStatusUpdater;
import io.github.healthgrpc.protocol.HealthGrpcService;
import io.github.healthgrpc.protocol.HealthStatusTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Makes the gRPC health service right at the two moments where it matters most.
 * <ul>
 * <li>Start: the first evaluation of the indicators completes before the gRPC server (a lifecycle
 * bean of a later phase) accepts calls, then refreshes run in the background.</li>
 * <li>Close: on {@link ContextClosedEvent}, published before any lifecycle bean stops, every name turns
 * {@code NOT_SERVING} (terminal state), the drain delay passes while the server still answers, then
 * open Watch streams are completed so that they do not hold up the server's graceful shutdown.</li>
 * </ul>
 * Availability changes (readiness, liveness) trigger a refresh at once.
 */
public class GrpcHealthLifecycle implements SmartLifecycle, SmartApplicationListener {

	/** Before net.devh's server lifecycle, which starts last (phase {@code Integer.MAX_VALUE}). */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1000;

	private static final Duration AVAILABILITY_WAIT = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(GrpcHealthLifecycle.class);

	private final ApplicationContext context;

	private final HealthStatusTable table;

	private final HealthGrpcService service;

	private final HealthStatusUpdater updater;

	private final ObjectProvider<ApplicationAvailability> availability;

	private final GrpcHealthProperties properties;

	private volatile boolean running;

	public GrpcHealthLifecycle(ApplicationContext context, HealthStatusTable table, HealthGrpcService service,
			HealthStatusUpdater updater, ObjectProvider<ApplicationAvailability> availability,
			GrpcHealthProperties properties) {
		this.context = context;
		this.table = table;
		this.service = service;
		this.updater = updater;
		this.availability = availability;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.updater.refreshNow();
		this.updater.start(this.properties.getRefreshInterval());
		this.running = true;
	}

	@Override
	public void stop() {
		this.updater.stop();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ContextClosedEvent.class.isAssignableFrom(eventType)
				|| AvailabilityChangeEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == this.context) {
			shutdown();
		}
		else if (event instanceof AvailabilityChangeEvent<?> change && this.running) {
			onAvailabilityChange(change.getState());
		}
	}

	private void onAvailabilityChange(AvailabilityState state) {
		ApplicationAvailability applicationAvailability = this.availability.getIfAvailable();
		if (applicationAvailability == null) {
			this.updater.requestRefresh();
			return;
		}
		// Spring Boot records the new state in another listener of the same event, which may run after
		// this one: refresh once it is recorded, so the probe indicators read the new state.
		this.updater.requestRefreshWhen(() -> applicationAvailability.getState(state.getClass()) == state,
				AVAILABILITY_WAIT);
	}

	private void shutdown() {
		this.table.enterTerminalState();
		Duration drainDelay = this.properties.getShutdown().getDrainDelay();
		logger.info("gRPC health: all services NOT_SERVING" + (drainDelay.isZero() ? ""
				: ", draining for " + drainDelay.toMillis() + " ms before the gRPC server stops"));
		if (!drainDelay.isZero()) {
			try {
				// Deliberately on the closing thread: the server must keep answering meanwhile.
				Thread.sleep(drainDelay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.properties.getShutdown().isCompleteWatches()) {
			this.service.completeWatches();
		}
	}

}
