package io.github.healthgrpc;

import org.jspecify.annotations.Nullable;

/**
 * Told of every change of what Check, Watch and List answer. Declare a bean of this type
 * to be told; listeners are called in the order the changes happen, on the thread that
 * made the change, while the status table holds its lock: implementations must be quick
 * and must not change statuses themselves. A listener that throws is logged and skipped;
 * the others are still told.
 */
@FunctionalInterface
public interface ServingStatusListener {

	/**
	 * A name's status changed.
	 * @param name the service name, {@code ""} for the server as a whole
	 * @param previous the status before, or {@code null} if the name was unknown
	 * @param current the status now, or {@code null} if the name was removed
	 */
	void statusChanged(String name, @Nullable ServingStatus previous, @Nullable ServingStatus current);

}
