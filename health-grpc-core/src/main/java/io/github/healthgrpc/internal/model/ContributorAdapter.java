package io.github.healthgrpc.internal.model;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Tells the engine what a framework's health contributor is: an indicator, a composite,
 * or neither.
 *
 * @param <T> the framework's contributor type
 */
public interface ContributorAdapter<T> {

	/**
	 * Returns the check of an indicator.
	 * @param contributor a contributor
	 * @return how to check it, or {@code null} if it is not an indicator
	 */
	@Nullable HealthCheck check(T contributor);

	/**
	 * Returns the members of a composite.
	 * @param contributor a contributor that is not an indicator
	 * @return the members by name, in order, or {@code null} if it is not a composite
	 */
	@Nullable Map<String, T> members(T contributor);

}
