package io.github.healthgrpc.internal.client;

/**
 * What is known of an upstream's health, from its Watch stream.
 */
public enum UpstreamState {

	/** The Watch is open but no status has arrived yet. */
	STARTING,

	/** The upstream said SERVING. */
	SERVING,

	/** The upstream said NOT_SERVING. */
	NOT_SERVING,

	/** The upstream does not know the watched service name. */
	SERVICE_UNKNOWN,

	/** The upstream said UNKNOWN. */
	UNKNOWN,

	/** The upstream has no health service (the Watch answered UNIMPLEMENTED). */
	UNIMPLEMENTED,

	/**
	 * The Watch failed too many times in a row, or gave no status for the whole grace
	 * period.
	 */
	UNREACHABLE

}
