package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

import io.github.healthgrpc.ServingStatus;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation cycle: the status of every published name and the result of every
 * indicator called.
 *
 * @param names the status of every published name
 * @param indicators the result of every indicator called
 * @param startedAt when the cycle started
 * @param duration how long it took
 */
public record Evaluation(Map<String, NameStatus> names, Map<String, IndicatorResult> indicators, Instant startedAt,
		Duration duration) {

	/** Before the first cycle. */
	public static final Evaluation NONE = new Evaluation(Map.of(), Map.of(), Instant.EPOCH, Duration.ZERO);

	public Evaluation {
		names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
		indicators = Collections.unmodifiableMap(new LinkedHashMap<>(indicators));
	}

	/**
	 * Why a name is not UP: its members that are not, with their reasons, or {@code null}
	 * if all are.
	 * @param status a name of this cycle
	 * @return the reasons, sorted by path
	 */
	public @Nullable String reason(NameStatus status) {
		StringJoiner reasons = new StringJoiner(", ");
		for (String path : new TreeSet<>(status.members())) {
			IndicatorResult indicator = indicator(path);
			if (indicator.outcome() != EvaluationOutcome.UP) {
				reasons.add(path + " " + indicator.reason());
			}
		}
		return (reasons.length() > 0) ? reasons.toString() : null;
	}

	/**
	 * How long the slowest member of a name took.
	 * @param status a name of this cycle
	 * @return the longest duration, zero without members
	 */
	public Duration slowestMember(NameStatus status) {
		Duration slowest = Duration.ZERO;
		for (String path : status.members()) {
			Duration duration = indicator(path).duration();
			slowest = (duration.compareTo(slowest) > 0) ? duration : slowest;
		}
		return slowest;
	}

	// A name's members are the indicators its cycle called.
	private IndicatorResult indicator(String member) {
		return Objects.requireNonNull(this.indicators.get(member), member);
	}

	/**
	 * The status of one published name in one cycle.
	 *
	 * @param name the gRPC service name
	 * @param source where the name comes from
	 * @param statusCode the aggregated health status code
	 * @param servingStatus what it maps to: what Check and Watch answer
	 * @param members the indicator paths it aggregates
	 * @param held a change of the evaluated status that damping holds back, or
	 * {@code null}; {@code statusCode} and {@code servingStatus} are then the status
	 * still shown
	 */
	public record NameStatus(String name, HealthNameSource source, String statusCode, ServingStatus servingStatus,
			Set<String> members, @Nullable HeldChange held) {

		public NameStatus {
			members = Set.copyOf(members);
		}

		/**
		 * The status of a name shown as evaluated.
		 * @param name the gRPC service name
		 * @param source where the name comes from
		 * @param statusCode the aggregated health status code
		 * @param servingStatus what it maps to
		 * @param members the indicator paths it aggregates
		 */
		public NameStatus(String name, HealthNameSource source, String statusCode, ServingStatus servingStatus,
				Set<String> members) {
			this(name, source, statusCode, servingStatus, members, null);
		}

	}

	/**
	 * A change of a name's evaluated status that has not lasted long enough to be shown.
	 *
	 * @param evaluated the serving status the indicators give now
	 * @param statusCode the aggregated health status code they give now
	 * @param since when the indicators first gave a status of this direction (away from
	 * or back to {@code SERVING})
	 */
	public record HeldChange(ServingStatus evaluated, String statusCode, Instant since) {

	}

}
