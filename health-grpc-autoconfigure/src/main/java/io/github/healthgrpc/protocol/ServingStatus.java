package io.github.healthgrpc.protocol;

import io.grpc.health.v1.HealthCheckResponse;

/**
 * The status a known service can have. {@code SERVICE_UNKNOWN} is deliberately absent: it is not a
 * status a service has but what Watch sends for a name that has none.
 */
public enum ServingStatus {

	/** The status is not known (yet). */
	UNKNOWN(HealthCheckResponse.ServingStatus.UNKNOWN),

	/** The service can take traffic. */
	SERVING(HealthCheckResponse.ServingStatus.SERVING),

	/** The service should not be sent traffic. */
	NOT_SERVING(HealthCheckResponse.ServingStatus.NOT_SERVING);

	private final HealthCheckResponse.ServingStatus wireStatus;

	ServingStatus(HealthCheckResponse.ServingStatus wireStatus) {
		this.wireStatus = wireStatus;
	}

	/** The status as sent on the wire. */
	public HealthCheckResponse.ServingStatus toWire() {
		return this.wireStatus;
	}

}
