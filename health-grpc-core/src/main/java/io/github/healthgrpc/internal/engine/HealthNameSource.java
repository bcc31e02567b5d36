package io.github.healthgrpc.internal.engine;

/**
 * Where a published name comes from. When two sources produce the same name, the one
 * declared first here wins, except that a name the application set keeps belonging to the
 * application.
 */
public enum HealthNameSource {

	/** {@code ""}: the application as a whole ({@code grpc.health.overall}). */
	OVERALL,

	/** An entry under {@code grpc.health.services}. */
	SERVICE_MAPPING,

	/** A health group ({@code management.endpoint.health.group.<name>}). */
	GROUP,

	/** A health contributor, under its path. */
	CONTRIBUTOR,

	/** A gRPC service registered in the server; it follows {@code ""}. */
	GRPC_SERVICE,

	/** Set by application code through {@code ServingStatusManager}. */
	APPLICATION;

	String describe() {
		return switch (this) {
			case OVERALL -> "the overall status";
			case SERVICE_MAPPING -> "a grpc.health.services entry";
			case GROUP -> "a health group";
			case CONTRIBUTOR -> "a health contributor";
			case GRPC_SERVICE -> "a registered gRPC service";
			case APPLICATION -> "application code";
		};
	}

}
