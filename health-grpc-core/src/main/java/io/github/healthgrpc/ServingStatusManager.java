package io.github.healthgrpc;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What application code uses to take part in gRPC health: set and clear statuses of its
 * own names (as grpc-go's {@code SetServingStatus} does), read any status, ask for an
 * immediate re-evaluation of the health contributors, and enter or leave terminal state
 * by hand.
 * <p>
 * A name belongs to whoever published it first. Names published from health contributors
 * (contributor paths, groups, {@code grpc.health.services}, registered gRPC services and
 * {@code ""}) cannot be set or cleared here; a name the application set is never
 * overwritten or removed by the contributors, even if a contributor of that name appears
 * later (a warning is logged once, and the contributor's status is not published under
 * it).
 */
public interface ServingStatusManager {

	/**
	 * Sets the status of a name owned by the application, creating it if needed.
	 * @param name the service name
	 * @param status its status
	 * @throws IllegalArgumentException if the name is published from health contributors
	 * or is longer than 1,024 characters
	 */
	void setServingStatus(String name, ServingStatus status);

	/**
	 * Removes a name owned by the application: Check answers {@code NOT_FOUND}, watchers
	 * get {@code SERVICE_UNKNOWN}.
	 * @param name the service name
	 * @return whether the application had set it
	 * @throws IllegalArgumentException if the name is published from health contributors
	 */
	boolean clearServingStatus(String name);

	/**
	 * Returns the status that Check answers for a name.
	 * @param name the service name
	 * @return the status, or {@code null} if the name is unknown
	 */
	@Nullable ServingStatus getServingStatus(String name);

	/**
	 * Returns the status of every known name, as List answers.
	 * @return the statuses by name, sorted by name
	 */
	Map<String, ServingStatus> getServingStatuses();

	/**
	 * Returns the names the application has set.
	 * @return the names
	 */
	Set<String> getApplicationNames();

	/**
	 * Re-evaluates the health contributors now, in the background, without waiting for
	 * the next refresh.
	 */
	void refresh();

	/**
	 * Turns every name {@code NOT_SERVING}, tells every watcher, and ignores later
	 * updates until {@link #resume()}. Open Watch streams stay open. The same happens
	 * first when the application shuts down.
	 */
	void enterTerminalState();

	/**
	 * Leaves terminal state: the real statuses (not a blanket {@code SERVING}) are shown
	 * again and the contributors are re-evaluated. Calling it outside terminal state has
	 * no effect.
	 * @throws IllegalStateException if the health service is shutting down
	 */
	void resume();

	/**
	 * Returns whether terminal state is on.
	 * @return whether every name is held at {@code NOT_SERVING}
	 */
	boolean isTerminal();

}
