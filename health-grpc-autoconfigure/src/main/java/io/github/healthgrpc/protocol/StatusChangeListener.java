package io.github.healthgrpc.protocol;

/**
 * Told of every change of what the {@link HealthStatusTable} shows. Called while the table holds its
 * lock, so that listeners see changes in the order they happened: implementations must be quick and
 * must not call back into the table.
 */
@FunctionalInterface
public interface StatusChangeListener {

	/**
	 * A name's visible status changed.
	 * @param name the service name
	 * @param previous the status before, or {@code null} if the name was unknown
	 * @param current the status now, or {@code null} if the name was removed
	 */
	void statusChanged(String name, ServingStatus previous, ServingStatus current);

}
