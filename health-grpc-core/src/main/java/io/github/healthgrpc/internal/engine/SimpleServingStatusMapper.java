package io.github.healthgrpc.internal.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.model.StatusCodes;
import org.jspecify.annotations.Nullable;

/**
 * {@link ServingStatusMapper} from a table of status codes: {@code UP} is
 * {@code SERVING}, {@code DOWN} and {@code OUT_OF_SERVICE} are {@code NOT_SERVING},
 * {@code UNKNOWN} is {@code UNKNOWN}, unless overridden; any other code is
 * {@code SERVING}. Codes match case-insensitively, as in Actuator's own status mappings.
 */
public final class SimpleServingStatusMapper implements ServingStatusMapper {

	private static final Map<String, ServingStatus> DEFAULTS = Map.of(StatusCodes.UP, ServingStatus.SERVING,
			StatusCodes.DOWN, ServingStatus.NOT_SERVING, StatusCodes.OUT_OF_SERVICE, ServingStatus.NOT_SERVING,
			StatusCodes.UNKNOWN, ServingStatus.UNKNOWN);

	private final Map<String, ServingStatus> mappings;

	private final @Nullable ServingStatusMapper fallback;

	/** The default mapping. */
	public SimpleServingStatusMapper() {
		this(Map.of());
	}

	/**
	 * The default mapping with overrides.
	 * @param overrides status code to serving status; they win over the defaults
	 * @throws IllegalArgumentException if a code has no serving status
	 */
	public SimpleServingStatusMapper(Map<String, ServingStatus> overrides) {
		// No fallback: every code not mapped is SERVING (not a lambda, which would be one
		// more class to load at start-up).
		this.mappings = normalized(withDefaults(overrides));
		this.fallback = null;
	}

	/**
	 * Overrides on another mapper, such as one name's own mapping on the application's.
	 * @param overrides status code to serving status; they win over the fallback
	 * @param fallback maps every code that is not overridden
	 * @throws IllegalArgumentException if a code has no serving status
	 */
	public SimpleServingStatusMapper(Map<String, ServingStatus> overrides, ServingStatusMapper fallback) {
		this.mappings = normalized(overrides);
		this.fallback = Objects.requireNonNull(fallback, "fallback must not be null");
	}

	private static Map<String, ServingStatus> normalized(Map<String, ServingStatus> overrides) {
		Map<String, ServingStatus> mappings = new LinkedHashMap<>();
		for (Map.Entry<String, ServingStatus> mapping : overrides.entrySet()) {
			if (mapping.getValue() == null) {
				throw new IllegalArgumentException(
						"No serving status given for health status '" + mapping.getKey() + "'");
			}
			mappings.put(normalize(mapping.getKey()), mapping.getValue());
		}
		return Map.copyOf(mappings);
	}

	// Later entries win once the codes are normalized.
	private static Map<String, ServingStatus> withDefaults(Map<String, ServingStatus> overrides) {
		Map<String, ServingStatus> mappings = new LinkedHashMap<>(DEFAULTS);
		mappings.putAll(overrides);
		return mappings;
	}

	@Override
	public ServingStatus map(String statusCode) {
		ServingStatus status = this.mappings.get(normalize(statusCode));
		if (status != null) {
			return status;
		}
		return (this.fallback != null) ? this.fallback.map(statusCode) : ServingStatus.SERVING;
	}

	private static String normalize(String code) {
		return code.toUpperCase(Locale.ROOT).replace('-', '_').trim();
	}

}
