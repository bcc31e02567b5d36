package io.github.healthgrpc.internal.boot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.engine.Evaluation;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.engine.HealthNameSource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/grpchealth}: what the gRPC health service answers for each name, where
 * the name comes from, what it aggregates and when it was last evaluated. Read-only, and
 * exposed only where the application exposes it. Failure reasons (exception messages) are
 * shown only to those who may see health details at {@code /actuator/health}.
 */
@Endpoint(id = "grpchealth")
public class GrpcHealthEndpoint {

	private final HealthEngine engine;

	private final Predicate<SecurityContext> showDetails;

	GrpcHealthEndpoint(HealthEngine engine, Predicate<SecurityContext> showDetails) {
		this.engine = engine;
		this.showDetails = showDetails;
	}

	/**
	 * The report.
	 * @param securityContext who asks, to decide whether reasons are shown
	 * @return the report
	 */
	@ReadOperation
	public GrpcHealthReport grpcHealth(SecurityContext securityContext) {
		boolean showDetails = this.showDetails.test(securityContext);
		Evaluation evaluation = this.engine.lastEvaluation();
		Set<String> applicationNames = this.engine.applicationNames();
		Map<String, ServiceReport> services = new LinkedHashMap<>();
		this.engine.statusTable().snapshot().forEach((name, status) -> {
			Evaluation.NameStatus evaluated = evaluation.names().get(name);
			if (evaluated != null) {
				String reason = showDetails ? evaluation.reason(evaluated) : null;
				services.put(name,
						new ServiceReport(status, evaluated.source(), evaluated.statusCode(),
								evaluated.members().stream().sorted().toList(), evaluation.startedAt(),
								evaluation.slowestMember(evaluated).toMillis(), reason));
			}
			else {
				HealthNameSource source = applicationNames.contains(name) ? HealthNameSource.APPLICATION : null;
				services.put(name, new ServiceReport(status, source, null, List.of(), null, null, null));
			}
		});
		Map<String, IndicatorReport> indicators = new LinkedHashMap<>();
		evaluation.indicators()
			.forEach((path, result) -> indicators.put(path, new IndicatorReport(result.status(), result.outcome().tag(),
					result.startedAt(), result.duration().toMillis(), showDetails ? result.reason() : null)));
		return new GrpcHealthReport(this.engine.isTerminal(), evaluation.startedAt(), evaluation.duration().toMillis(),
				services, indicators);
	}

	/**
	 * The endpoint's answer, written by Actuator's own JSON mapper.
	 *
	 * @param terminal whether terminal state is on (everything NOT_SERVING, as during
	 * shutdown)
	 * @param lastRefresh when the last evaluation cycle started
	 * @param lastRefreshMillis how long it took
	 * @param services every name the health service knows
	 * @param indicators every health contributor evaluated in the last cycle
	 */
	public record GrpcHealthReport(boolean terminal, Instant lastRefresh, long lastRefreshMillis,
			Map<String, ServiceReport> services,
			Map<String, IndicatorReport> indicators) implements OperationResponseBody {
	}

	/**
	 * One published name.
	 *
	 * @param status what Check answers
	 * @param source where the name comes from ({@code null} if set on the table directly)
	 * @param actuatorStatus the aggregated Actuator status it was mapped from
	 * @param members the contributor paths it aggregates
	 * @param evaluatedAt when it was last evaluated
	 * @param evaluationMillis how long its slowest contributor took then
	 * @param reason why it is not UP, when health details may be shown
	 */
	public record ServiceReport(ServingStatus status, @Nullable HealthNameSource source,
			@Nullable String actuatorStatus, List<String> members, @Nullable Instant evaluatedAt,
			@Nullable Long evaluationMillis, @Nullable String reason) {
	}

	/**
	 * One health contributor in the last cycle.
	 *
	 * @param status the Actuator status it counted as
	 * @param outcome up, down, timeout or error
	 * @param startedAt when its evaluation started
	 * @param durationMillis how long it took, or was waited for
	 * @param reason why it is not UP, when health details may be shown
	 */
	public record IndicatorReport(String status, String outcome, Instant startedAt, long durationMillis,
			@Nullable String reason) {
	}

}
