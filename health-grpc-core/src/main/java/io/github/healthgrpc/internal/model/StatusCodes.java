package io.github.healthgrpc.internal.model;

import java.util.List;

/** The status codes every health framework knows. */
public final class StatusCodes {

	/** Working. */
	public static final String UP = "UP";

	/** Not working. */
	public static final String DOWN = "DOWN";

	/** Taken out of service on purpose. */
	public static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

	/** Not known. */
	public static final String UNKNOWN = "UNKNOWN";

	/** The default order of severity, as Actuator's: most severe first. */
	public static final List<String> DEFAULT_ORDER = List.of(DOWN, OUT_OF_SERVICE, UP, UNKNOWN);

	private StatusCodes() {
	}

}
