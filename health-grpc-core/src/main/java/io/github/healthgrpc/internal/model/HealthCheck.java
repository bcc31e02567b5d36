package io.github.healthgrpc.internal.model;

import org.jspecify.annotations.Nullable;

/**
 * One call of a health indicator. It may block and may throw: the engine calls it in the
 * background, with a timeout, and never twice at once. Implementations are compared with
 * {@code equals}: two equal checks are the same indicator.
 */
@FunctionalInterface
public interface HealthCheck {

	/**
	 * Checks.
	 * @return the status code ({@code UP}, {@code DOWN}, ...), or {@code null} if the
	 * indicator returned no health
	 * @throws Exception if the indicator failed; it counts as {@code DOWN}
	 */
	@Nullable String check() throws Exception;

}
