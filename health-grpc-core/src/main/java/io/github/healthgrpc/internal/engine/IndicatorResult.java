package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The result of one call of one health indicator.
 *
 * @param status the status code it counts as ({@code DOWN} when it timed out or threw)
 * @param outcome how the call ended
 * @param reason why it is not UP, for logs; {@code null} when there is nothing to say
 * @param startedAt when the call started
 * @param duration how long it took, or how long it was waited for
 */
public record IndicatorResult(String status, EvaluationOutcome outcome, @Nullable String reason, Instant startedAt,
		Duration duration) {

}
