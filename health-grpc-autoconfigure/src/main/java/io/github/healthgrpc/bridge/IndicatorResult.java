package io.github.healthgrpc.bridge;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.actuate.health.Status;

/**
 * The result of one evaluation of one health indicator.
 *
 * @param status the Actuator status it counts as ({@code DOWN} when it timed out or threw)
 * @param outcome how the evaluation ended
 * @param reason why it is not UP, for logs; {@code null} when there is nothing to say
 * @param startedAt when the evaluation started
 * @param duration how long it took, or how long it was waited for
 */
public record IndicatorResult(Status status, EvaluationOutcome outcome, String reason, Instant startedAt,
		Duration duration) {

}
