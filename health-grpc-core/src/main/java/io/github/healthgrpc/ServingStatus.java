package io.github.healthgrpc;

/**
 * The status a known service can have, as {@code grpc.health.v1.HealthCheckResponse}
 * carries it. {@code SERVICE_UNKNOWN} is deliberately absent: it is not a status a
 * service has but what Watch sends for a name that has none.
 */
public enum ServingStatus {

	/** The status is not known (yet). */
	UNKNOWN(0),

	/** The service can take traffic. */
	SERVING(1),

	/** The service should not be sent traffic. */
	NOT_SERVING(2);

	private final int number;

	ServingStatus(int number) {
		this.number = number;
	}

	/**
	 * The number of this status on the wire ({@code HealthCheckResponse.ServingStatus}),
	 * as metrics report it.
	 * @return 0, 1 or 2
	 */
	public int getNumber() {
		return this.number;
	}

}
