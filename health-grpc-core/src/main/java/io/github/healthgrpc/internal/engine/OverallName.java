package io.github.healthgrpc.internal.engine;

import java.util.Objects;

/**
 * What the server-wide name {@code ""} shows.
 *
 * @param selection the contributor paths it aggregates
 * @param policy its own status order and mapping, if any
 * @param followsIndicators whether it follows the indicators at all; when not, it is
 * {@code SERVING} until terminal state, as grpc-java's {@code HealthStatusManager} keeps
 * it when nothing sets it (the registered gRPC services still follow the aggregate)
 */
public record OverallName(NameSelection selection, StatusPolicy policy, boolean followsIndicators) {

	public OverallName {
		Objects.requireNonNull(selection, "selection must not be null");
		Objects.requireNonNull(policy, "policy must not be null");
	}

}
