package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.engine.Evaluation.HeldChange;
import io.github.healthgrpc.internal.engine.Evaluation.NameStatus;
import org.jspecify.annotations.Nullable;

/**
 * Holds back a change of a name's evaluated status until it has lasted its
 * {@link DampingSettings} across consecutive evaluations, so that a blip of a shared
 * dependency does not take every instance out of rotation at once. Between evaluation and
 * publication; what is held back, and since when, is carried in the published evaluation
 * itself ({@link NameStatus#held()}), so the next evaluation continues from it. Never
 * held back: a name's first status, and a change of a name whose members include an
 * undamped contributor (the application's availability states) that changed. Terminal
 * state and names set by application code do not pass through here.
 */
final class Damping {

	private final DampingSettings defaults;

	private final Map<String, DampingSettings> byName;

	private final Set<String> undamped;

	private final LongAdder absorbed = new LongAdder();

	/**
	 * Creates the damping of an engine.
	 * @param defaults the settings of every name without its own
	 * @param byName names with their own settings
	 * @param undamped contributor paths whose changes are shown at once
	 */
	Damping(DampingSettings defaults, Map<String, DampingSettings> byName, Set<String> undamped) {
		this.defaults = Objects.requireNonNull(defaults, "defaults must not be null");
		this.byName = Map.copyOf(byName);
		this.undamped = Set.copyOf(undamped);
	}

	/** How many changes were held back and never shown, because they did not last. */
	long absorbedCount() {
		return this.absorbed.sum();
	}

	/**
	 * What to publish of an evaluation.
	 * @param evaluated the evaluation just made
	 * @param previous the evaluation published before it
	 * @return the evaluation with the changes that have not lasted long enough held back
	 */
	Evaluation apply(Evaluation evaluated, Evaluation previous) {
		// No shortcut for "nothing damped": the engine makes a Damping only when some
		// name is (DampingSettings.noneDamped).
		Instant now = evaluated.startedAt();
		Map<String, NameStatus> shown = new LinkedHashMap<>();
		for (NameStatus status : evaluated.names().values()) {
			shown.put(status.name(), shown(status, previous.names().get(status.name()), evaluated, previous, now));
		}
		return new Evaluation(shown, evaluated.indicators(), evaluated.startedAt(), evaluated.duration());
	}

	private NameStatus shown(NameStatus status, @Nullable NameStatus before, Evaluation evaluated, Evaluation previous,
			Instant now) {
		if (before == null) {
			return status;
		}
		ServingStatus current = before.servingStatus();
		ServingStatus next = status.servingStatus();
		HeldChange held = before.held();
		if (next == current) {
			if (held != null) {
				this.absorbed.increment();
			}
			return status;
		}
		Duration delay = delay(status.name(), current, next);
		if (delay.isZero() || undampedMemberChanged(status, evaluated, previous)) {
			return status;
		}
		// Held since the first evaluation of this run of changes: down is any status
		// but SERVING, up is SERVING.
		Instant since = (held != null && (held.evaluated() == ServingStatus.SERVING) == (next == ServingStatus.SERVING))
				? held.since() : now;
		if (Duration.between(since, now).compareTo(delay) >= 0) {
			return status;
		}
		return new NameStatus(status.name(), status.source(), before.statusCode(), current, status.members(),
				new HeldChange(next, status.statusCode(), since));
	}

	private Duration delay(String name, ServingStatus current, ServingStatus next) {
		DampingSettings settings = this.byName.getOrDefault(name, this.defaults);
		if (current == ServingStatus.SERVING) {
			return settings.downAfter();
		}
		return (next == ServingStatus.SERVING) ? settings.upAfter() : Duration.ZERO;
	}

	private boolean undampedMemberChanged(NameStatus status, Evaluation evaluated, Evaluation previous) {
		for (String path : this.undamped) {
			if (status.members().contains(path)) {
				IndicatorResult now = evaluated.indicators().get(path);
				IndicatorResult before = previous.indicators().get(path);
				if (now == null || before == null || !now.status().equals(before.status())) {
					return true;
				}
			}
		}
		return false;
	}

}
