package io.github.healthgrpc.bridge;

/**
 * Where a published name comes from. When two sources produce the same name, the one declared first
 * here wins.
 */
public enum HealthNameSource {

	/** {@code ""}: the application as a whole ({@code grpc.health.overall}). */
	OVERALL,

	/** An entry under {@code grpc.health.services}. */
	SERVICE_MAPPING,

	/** An Actuator health group ({@code management.endpoint.health.group.<name>}). */
	GROUP,

	/** An Actuator health contributor, under its path. */
	CONTRIBUTOR,

	/** A gRPC service registered in the server; it follows {@code ""}. */
	GRPC_SERVICE,

	/** Set by application code through {@code ServingStatusManager}. */
	APPLICATION

}
