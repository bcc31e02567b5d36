package io.github.healthgrpc.internal.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One immutable reading of an upstream's health: what its Watch last said, since when,
 * and how the Watch is failing if it is.
 *
 * @param state the state
 * @param since when the state began
 * @param consecutiveFailures failed or ended Watch streams since the last status
 * @param lastError why the last Watch stream failed, if it did since the last status
 */
public record UpstreamHealth(UpstreamState state, Instant since, int consecutiveFailures, @Nullable String lastError) {

	/** Actuator's status code for a healthy upstream. */
	public static final String UP = "UP";

	/** Actuator's status code for an unhealthy upstream. */
	public static final String DOWN = "DOWN";

	/** Actuator's status code when the upstream's health is not known. */
	public static final String UNKNOWN = "UNKNOWN";

	public UpstreamHealth {
		Objects.requireNonNull(state, "state must not be null");
		Objects.requireNonNull(since, "since must not be null");
	}

	/**
	 * The Actuator status code of this reading: SERVING is UP; NOT_SERVING,
	 * SERVICE_UNKNOWN and unreachable are DOWN; an upstream without a health service has
	 * the given code; no status yet, or UNKNOWN, is UNKNOWN.
	 * @param unimplementedCode the code for an upstream without a health service
	 * @return the status code
	 */
	public String statusCode(String unimplementedCode) {
		return switch (this.state) {
			case SERVING -> UP;
			case NOT_SERVING, SERVICE_UNKNOWN, UNREACHABLE -> DOWN;
			case UNIMPLEMENTED -> unimplementedCode;
			case STARTING, UNKNOWN -> UNKNOWN;
		};
	}

	/**
	 * The number metrics report, as the server side does: 1 SERVING, 2 NOT_SERVING
	 * (NOT_SERVING, SERVICE_UNKNOWN, unreachable), 0 otherwise (no status yet, UNKNOWN,
	 * no health service).
	 * @return 0, 1 or 2
	 */
	public int servingStatusNumber() {
		return switch (this.state) {
			case SERVING -> 1;
			case NOT_SERVING, SERVICE_UNKNOWN, UNREACHABLE -> 2;
			case STARTING, UNKNOWN, UNIMPLEMENTED -> 0;
		};
	}

	/**
	 * The details a health endpoint shows.
	 * @param target the channel's target
	 * @param service the watched service name
	 * @return target, service, status and since; the failure count and last error while
	 * the Watch is failing
	 */
	public Map<String, Object> details(String target, String service) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("target", target);
		details.put("service", service);
		details.put("status", this.state.name());
		details.put("since", this.since.toString());
		if (this.consecutiveFailures > 0) {
			details.put("consecutiveFailures", this.consecutiveFailures);
		}
		if (this.lastError != null) {
			details.put("lastError", this.lastError);
		}
		return details;
	}

}
