package io.github.healthgrpc.internal.protocol;

import java.util.EnumMap;
import java.util.Map;

import io.github.healthgrpc.ServingStatus;
import io.grpc.health.v1.HealthCheckResponse;

/**
 * The four possible answers, built once: messages are immutable, and Check and Watch are
 * hot paths.
 */
final class HealthResponses {

	private static final Map<HealthCheckResponse.ServingStatus, HealthCheckResponse> RESPONSES = build();

	private HealthResponses() {
	}

	static HealthCheckResponse of(HealthCheckResponse.ServingStatus status) {
		return RESPONSES.get(status);
	}

	static HealthCheckResponse of(ServingStatus status) {
		return RESPONSES.get(toWire(status));
	}

	static HealthCheckResponse.ServingStatus toWire(ServingStatus status) {
		return switch (status) {
			case UNKNOWN -> HealthCheckResponse.ServingStatus.UNKNOWN;
			case SERVING -> HealthCheckResponse.ServingStatus.SERVING;
			case NOT_SERVING -> HealthCheckResponse.ServingStatus.NOT_SERVING;
		};
	}

	private static Map<HealthCheckResponse.ServingStatus, HealthCheckResponse> build() {
		Map<HealthCheckResponse.ServingStatus, HealthCheckResponse> responses = new EnumMap<>(
				HealthCheckResponse.ServingStatus.class);
		for (HealthCheckResponse.ServingStatus status : HealthCheckResponse.ServingStatus.values()) {
			if (status != HealthCheckResponse.ServingStatus.UNRECOGNIZED) {
				responses.put(status, HealthCheckResponse.newBuilder().setStatus(status).build());
			}
		}
		return responses;
	}

}
