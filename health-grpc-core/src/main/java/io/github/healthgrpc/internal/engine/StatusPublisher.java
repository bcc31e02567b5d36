package io.github.healthgrpc.internal.engine;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one writer of statuses to the table, for both owners of names: the engine's
 * evaluations and application code. A name belongs to whoever published it first; the
 * other is refused (application code) or skipped with a warning (an evaluation), so
 * neither silently overwrites or clears the other's names. Logs what each publication
 * changed, before the listeners hear of it.
 */
final class StatusPublisher {

	private static final Log logger = LogFactory.getLog(StatusPublisher.class);

	// Transitions have a category of their own (the class that logged them once), so that
	// operators can turn them up or down apart from the rest.
	private static final Log transitions = LogFactory.getLog("io.github.healthgrpc.internal.engine.TransitionLog");

	private final HealthStatusTable table;

	private final HealthNameCatalog catalog;

	// Null when no name is damped. Here rather than in the engine, whose fields Spring
	// reflects on (it is a bean): nothing of damping is loaded when it is off.
	private final @Nullable Damping damping;

	private final List<EvaluationListener> listeners = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	// Held from a publication's first table write to its last listener told, and while a
	// listener is added, so that each listener hears of every publication once, whenever
	// it was added. Not the lock of the application's writes: they need not wait for the
	// listeners.
	private final Object notifyLock = new Object();

	@GuardedBy("lock")
	private final Set<String> applicationNames = new HashSet<>();

	// Replaced whole under the lock, read by anyone.
	private volatile Evaluation published = Evaluation.NONE;

	StatusPublisher(HealthStatusTable table, HealthNameCatalog catalog, @Nullable Damping damping) {
		this.table = table;
		this.catalog = catalog;
		this.damping = damping;
	}

	/**
	 * Adds a listener and tells it at once of the last publication, if any, as following
	 * {@link Evaluation#NONE}. Waits only for a publication in progress (its table writes
	 * and listeners), never for an evaluation.
	 */
	void addListener(EvaluationListener listener) {
		synchronized (this.notifyLock) {
			Evaluation last = this.published;
			this.listeners.add(listener);
			if (last != Evaluation.NONE) {
				listener.evaluated(Evaluation.NONE, last);
			}
		}
	}

	/** How many changes damping held back and never showed, because they did not last. */
	long dampingAbsorbedCount() {
		return (this.damping != null) ? this.damping.absorbedCount() : 0;
	}

	/** The last published evaluation. */
	Evaluation published() {
		return this.published;
	}

	/**
	 * Writes an evaluation to the table: its names' statuses, and the removal of names
	 * the previous one published and this one does not. Names the application owns are
	 * left alone.
	 * @param evaluation a cycle
	 * @return what was published: the cycle, with the changes damping holds back held
	 * back, without the names the application owns
	 */
	Evaluation publish(Evaluation evaluation) {
		synchronized (this.notifyLock) {
			Evaluation previous = this.published;
			Evaluation shown = (this.damping != null) ? this.damping.apply(evaluation, previous) : evaluation;
			Evaluation current = write(shown, previous);
			logTransitions(previous, current);
			for (EvaluationListener listener : this.listeners) {
				try {
					listener.evaluated(previous, current);
				}
				catch (RuntimeException ex) {
					logger.warn("gRPC health evaluation listener failed", ex);
				}
			}
			return current;
		}
	}

	@GuardedBy("notifyLock")
	private Evaluation write(Evaluation evaluation, Evaluation previous) {
		synchronized (this.lock) {
			Map<String, Evaluation.NameStatus> names = new LinkedHashMap<>();
			for (Evaluation.NameStatus status : evaluation.names().values()) {
				if (this.applicationNames.contains(status.name())) {
					this.catalog.warnClash(status.name(), HealthNameSource.APPLICATION, status.source());
					continue;
				}
				names.put(status.name(), status);
				this.table.set(status.name(), status.servingStatus());
			}
			for (String name : previous.names().keySet()) {
				if (!names.containsKey(name)) {
					this.table.clear(name);
				}
			}
			Evaluation current = new Evaluation(names, evaluation.indicators(), evaluation.startedAt(),
					evaluation.duration());
			this.published = current;
			return current;
		}
	}

	/**
	 * Logs what changed between two publications: one line per name whose status changed,
	 * with the reason, and a failing indicator when it starts failing and when it
	 * recovers, never every cycle.
	 */
	private static void logTransitions(Evaluation previous, Evaluation current) {
		for (Evaluation.NameStatus status : current.names().values()) {
			Evaluation.NameStatus before = previous.names().get(status.name());
			if (before == null || before.servingStatus() != status.servingStatus()) {
				logTransition(status, before, current);
			}
		}
		for (String name : previous.names().keySet()) {
			if (!current.names().containsKey(name) && transitions.isInfoEnabled()) {
				transitions.info("gRPC health '" + name + "': removed, no longer published");
			}
		}
		for (Map.Entry<String, IndicatorResult> indicator : current.indicators().entrySet()) {
			String path = indicator.getKey();
			IndicatorResult result = indicator.getValue();
			IndicatorResult before = previous.indicators().get(path);
			boolean failing = result.outcome().isFailure();
			boolean wasFailing = before != null && before.outcome().isFailure();
			if (failing && !wasFailing) {
				transitions.warn("Health contributor '" + path + "' is failing, counted as DOWN: " + result.reason());
			}
			else if (!failing && wasFailing && transitions.isInfoEnabled()) {
				transitions.info("Health contributor '" + path + "' answers again: " + result.status());
			}
		}
	}

	private static void logTransition(Evaluation.NameStatus status, Evaluation.@Nullable NameStatus before,
			Evaluation evaluation) {
		if (before == null && status.servingStatus() == ServingStatus.SERVING) {
			// Names appearing healthy are the normal start: not worth a line each. The
			// level is asked first because the first evaluation runs while the
			// application starts, and building an unused message costs a cold JVM more
			// than the check (each concatenation links once, some milliseconds in all).
			if (transitions.isDebugEnabled()) {
				transitions.debug("gRPC health '" + status.name() + "': SERVING");
			}
			return;
		}
		if (!transitions.isInfoEnabled()) {
			return;
		}
		String reason = evaluation.reason(status);
		transitions.info("gRPC health '" + status.name() + "': " + ((before != null) ? before.servingStatus() : "(new)")
				+ " -> " + status.servingStatus() + " (status " + status.statusCode()
				+ ((reason != null) ? "; " + reason : "") + ")");
	}

	/**
	 * Sets a name for the application, which owns it from then on.
	 * @throws IllegalArgumentException if the engine publishes the name
	 */
	void setByApplication(String name, ServingStatus status) {
		synchronized (this.lock) {
			Evaluation.NameStatus published = this.published.names().get(name);
			if (published != null) {
				throw new IllegalArgumentException("gRPC health name '" + name + "' is published from "
						+ published.source().describe() + "; map it with grpc.health.services instead of setting it");
			}
			this.table.set(name, status);
			this.applicationNames.add(name);
		}
	}

	/**
	 * Removes a name the application owns.
	 * @return whether the application owned it
	 * @throws IllegalArgumentException if the engine publishes the name
	 */
	boolean clearByApplication(String name) {
		boolean owned;
		synchronized (this.lock) {
			owned = this.applicationNames.remove(name);
			if (owned) {
				this.table.clear(name);
			}
			else {
				Evaluation.NameStatus published = this.published.names().get(name);
				if (published != null) {
					throw new IllegalArgumentException("gRPC health name '" + name + "' is published from "
							+ published.source().describe() + " and cannot be cleared");
				}
			}
		}
		return owned;
	}

	Set<String> applicationNames() {
		synchronized (this.lock) {
			return Set.copyOf(this.applicationNames);
		}
	}

}
