package io.github.healthgrpc.internal.engine;

/** How one evaluation of a health indicator ended. */
public enum EvaluationOutcome {

	/** It returned {@code UP}. */
	UP,

	/** It returned a status other than {@code UP}. */
	DOWN,

	/**
	 * It did not return within the indicator timeout, or was still running from an
	 * earlier cycle.
	 */
	TIMEOUT,

	/** It threw an exception. */
	ERROR;

	/**
	 * Whether the indicator failed to answer (as opposed to answering that something is
	 * down).
	 */
	public boolean isFailure() {
		return this == TIMEOUT || this == ERROR;
	}

	/** The lower-case name, as used in metric tags. */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
