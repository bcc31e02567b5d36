package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import io.grpc.health.v1.HealthCheckResponse;
import org.jspecify.annotations.Nullable;

/**
 * The four possible answers, built once: messages are immutable, and Check and Watch are
 * hot paths. A Watch stream compares them by identity to skip repeats.
 */
final class HealthResponses {

	static final HealthCheckResponse UNKNOWN = response(HealthCheckResponse.ServingStatus.UNKNOWN);

	static final HealthCheckResponse SERVING = response(HealthCheckResponse.ServingStatus.SERVING);

	static final HealthCheckResponse NOT_SERVING = response(HealthCheckResponse.ServingStatus.NOT_SERVING);

	static final HealthCheckResponse SERVICE_UNKNOWN = response(HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN);

	private HealthResponses() {
	}

	static HealthCheckResponse of(ServingStatus status) {
		return switch (status) {
			case UNKNOWN -> UNKNOWN;
			case SERVING -> SERVING;
			case NOT_SERVING -> NOT_SERVING;
		};
	}

	/** What Watch sends for a status, {@code null} meaning the name is unknown. */
	static HealthCheckResponse forWatch(@Nullable ServingStatus status) {
		return (status != null) ? of(status) : SERVICE_UNKNOWN;
	}

	private static HealthCheckResponse response(HealthCheckResponse.ServingStatus status) {
		return HealthCheckResponse.newBuilder().setStatus(status).build();
	}

}
