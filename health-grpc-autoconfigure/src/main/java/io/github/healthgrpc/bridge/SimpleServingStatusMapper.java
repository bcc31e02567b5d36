package io.github.healthgrpc.bridge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.healthgrpc.protocol.ServingStatus;
import org.springframework.boot.actuate.health.Status;

/**
 * {@link ServingStatusMapper} from a table of status codes: {@code UP} is {@code SERVING},
 * {@code DOWN} and {@code OUT_OF_SERVICE} are {@code NOT_SERVING}, {@code UNKNOWN} is {@code UNKNOWN},
 * unless overridden; any other code is {@code SERVING}. Codes match case-insensitively, as in
 * Actuator's own status mappings.
 */
public class SimpleServingStatusMapper implements ServingStatusMapper {

	private static final Map<String, ServingStatus> DEFAULTS = Map.of(Status.UP.getCode(), ServingStatus.SERVING,
			Status.DOWN.getCode(), ServingStatus.NOT_SERVING, Status.OUT_OF_SERVICE.getCode(),
			ServingStatus.NOT_SERVING, Status.UNKNOWN.getCode(), ServingStatus.UNKNOWN);

	private final Map<String, ServingStatus> mappings;

	/** The default mapping. */
	public SimpleServingStatusMapper() {
		this(Collections.emptyMap());
	}

	/**
	 * The default mapping with overrides.
	 * @param overrides status code to serving status; they win over the defaults
	 */
	public SimpleServingStatusMapper(Map<String, ServingStatus> overrides) {
		Map<String, ServingStatus> mappings = new LinkedHashMap<>();
		DEFAULTS.forEach((code, status) -> mappings.put(normalize(code), status));
		overrides.forEach((code, status) -> {
			if (status == null) {
				throw new IllegalArgumentException("No serving status given for Actuator status '" + code + "'");
			}
			mappings.put(normalize(code), status);
		});
		this.mappings = Map.copyOf(mappings);
	}

	@Override
	public ServingStatus map(Status status) {
		return this.mappings.getOrDefault(normalize(status.getCode()), ServingStatus.SERVING);
	}

	private static String normalize(String code) {
		return code.toUpperCase(Locale.ROOT).replace('-', '_').trim();
	}

}
