package io.github.healthgrpc.internal.boot;

import io.github.healthgrpc.internal.engine.HealthEngine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * Ties the engine to the application context at the two moments where it matters most.
 * <ul>
 * <li>Start: the first evaluation of the indicators begins in the background as soon as
 * this bean exists (the indicators it calls exist by then), so that it overlaps the
 * creation of the application's other beans, and completes before the gRPC server (a
 * lifecycle bean of a later phase) accepts calls; then refreshes run in the
 * background.</li>
 * <li>Close: on {@link ContextClosedEvent}, published before any lifecycle bean stops,
 * the engine shuts down: every name {@code NOT_SERVING}, the drain delay while the server
 * still answers, then open Watch streams completed so that they do not hold up the
 * server's graceful shutdown.</li>
 * </ul>
 * Availability changes (readiness, liveness) trigger a refresh at once. The dedicated
 * health listener, when there is one, opens right after the first evaluation and closes
 * when this lifecycle stops: after the gRPC server, whose phase is later.
 * <p>
 * The wait for the first evaluation is recorded as the start-up step
 * {@value #FIRST_EVALUATION_STEP} (seen in Actuator's {@code startup} endpoint when the
 * application buffers its steps), because it is the part of health-grpc's start-up cost
 * that depends on the application's own indicators: zero when the evaluation was over
 * before the context reached this lifecycle's phase.
 */
final class GrpcHealthLifecycle implements SmartLifecycle, SmartApplicationListener {

	/**
	 * Before every server that can carry gRPC calls: the gRPC server's lifecycle, which
	 * starts last (phase {@code Integer.MAX_VALUE} in net.devh and in Spring Boot 4), and
	 * the embedded web server ({@code DEFAULT_PHASE - 2048}), which carries them on
	 * Spring Boot 4's servlet transport.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** The name of the start-up step of the first evaluation. */
	static final String FIRST_EVALUATION_STEP = "grpc.health.first-evaluation";

	private final ApplicationContext context;

	private final ApplicationStartup startup;

	private final HealthEngine engine;

	private final GrpcHealthProperties properties;

	// Whether the dedicated listener was opened. Not the listener itself, and no method
	// with it in its signature: Spring reads the fields and methods of its beans, which
	// would load the listener's class where there is none.
	private volatile boolean listenerStarted;

	private volatile boolean running;

	GrpcHealthLifecycle(ApplicationContext context, ApplicationStartup startup, HealthEngine engine,
			GrpcHealthProperties properties, ObjectProvider<ApplicationAvailability> availability) {
		this.context = context;
		this.startup = startup;
		this.engine = engine;
		this.properties = properties;
		// Spring Boot's availability bean records a new state in its own listener of the
		// same event, with
		// the same (lowest) precedence; listeners of equal precedence are told in the
		// order they were
		// created. Creating it first makes ours run after it, so the refresh reads the
		// recorded state.
		availability.getIfAvailable();
		engine.prepare();
	}

	@Override
	public void start() {
		StartupStep step = this.startup.start(FIRST_EVALUATION_STEP);
		try {
			this.engine.start(this.properties.getRefreshInterval());
		}
		finally {
			step.end();
		}
		// Looked up by name (every singleton exists by now): where there is no listener,
		// its class is never loaded.
		if (this.context.containsBean(HealthListener.BEAN_NAME)) {
			this.context.getBean(HealthListener.BEAN_NAME, HealthListener.class).start();
			this.listenerStarted = true;
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.engine.stop();
		if (this.listenerStarted) {
			this.listenerStarted = false;
			this.context.getBean(HealthListener.BEAN_NAME, HealthListener.class).stop();
		}
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
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == this.context) {
			this.engine.shutdown(this.properties.getShutdown().getDrainDelay(),
					this.properties.getShutdown().isCompleteWatches());
		}
		else if (event instanceof AvailabilityChangeEvent<?> && this.running) {
			this.engine.requestRefresh();
		}
	}

}
