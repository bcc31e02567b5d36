package io.github.healthgrpc.internal.protocol;

/** Thrown when a watch on an unknown name would exceed the configured cap. */
public class WatchLimitExceededException extends RuntimeException {

	private final int limit;

	WatchLimitExceededException(int limit) {
		super("Too many Watch streams on unknown services: the limit of " + limit + " is reached");
		this.limit = limit;
	}

	/** The cap that was reached. */
	public int getLimit() {
		return this.limit;
	}

}
