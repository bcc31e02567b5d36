package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * How long a change of a name's evaluated status must hold before it is shown: losing
 * {@code SERVING} after {@code downAfter}, regaining it after {@code upAfter}. Zero shows
 * a change at once.
 *
 * @param downAfter how long a change away from {@code SERVING} must hold
 * @param upAfter how long a change back to {@code SERVING} must hold
 */
public record DampingSettings(Duration downAfter, Duration upAfter) {

	/** No damping: every change is shown at once. */
	public static final DampingSettings NONE = new DampingSettings(Duration.ZERO, Duration.ZERO);

	public DampingSettings {
		Objects.requireNonNull(downAfter, "downAfter must not be null");
		Objects.requireNonNull(upAfter, "upAfter must not be null");
		if (downAfter.isNegative() || upAfter.isNegative()) {
			throw new IllegalArgumentException("damping durations must not be negative");
		}
	}

	boolean isNone() {
		return this.downAfter.isZero() && this.upAfter.isZero();
	}

	/**
	 * Whether no name is damped at all.
	 * @param defaults for every name without its own
	 * @param byName names with their own settings
	 */
	static boolean noneDamped(DampingSettings defaults, Collection<DampingSettings> byName) {
		if (!defaults.isNone()) {
			return false;
		}
		for (DampingSettings settings : byName) {
			if (!settings.isNone()) {
				return false;
			}
		}
		return true;
	}

}
