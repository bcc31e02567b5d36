package io.github.healthgrpc.internal.protocol;

/**
 * The limits and switches of the health service.
 *
 * @param listEnabled whether List is served; when off it answers {@code UNIMPLEMENTED}
 * @param listMaxServices the most services List returns; above it List answers
 * {@code RESOURCE_EXHAUSTED}
 * @param maxUnknownWatches the most Watch streams on unknown names open at once; above it
 * Watch answers {@code RESOURCE_EXHAUSTED}
 */
public record HealthServiceSettings(boolean listEnabled, int listMaxServices, int maxUnknownWatches) {

	/** The List cap of gRFC A90. */
	public static final int DEFAULT_LIST_MAX_SERVICES = 100;

	/** The default cap on Watch streams on unknown names. */
	public static final int DEFAULT_MAX_UNKNOWN_WATCHES = 1000;

	public HealthServiceSettings {
		if (listMaxServices < 1) {
			throw new IllegalArgumentException("listMaxServices must be at least 1, was " + listMaxServices);
		}
		if (maxUnknownWatches < 1) {
			throw new IllegalArgumentException("maxUnknownWatches must be at least 1, was " + maxUnknownWatches);
		}
	}

	/** List on, with the default caps. */
	public static HealthServiceSettings defaults() {
		return new HealthServiceSettings(true, DEFAULT_LIST_MAX_SERVICES, DEFAULT_MAX_UNKNOWN_WATCHES);
	}

}
