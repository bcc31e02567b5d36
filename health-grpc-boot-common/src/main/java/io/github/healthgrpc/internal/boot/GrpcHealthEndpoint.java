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

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/grpchealth}: what the gRPC health service answers for each name, where
 * the name comes from, what it aggregates and when it was last evaluated, and what is in
 * maintenance. Its write operations put the whole instance ({@code POST} with
 * {@code {"maintenance": true}}) or one name ({@code POST /actuator/grpchealth/{name}})
 * into maintenance and out of it. Exposed only where the application exposes it, and
 * secured as the application secures its endpoints. Failure reasons (exception messages)
 * are shown only to those who may see health details at {@code /actuator/health}.
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
	 * The report, a {@link GrpcHealthReport}. Declared as the interface: Actuator reads
	 * the operations' signatures at start-up, and the report types are loaded only when a
	 * report is asked for; Jackson writes the report's own type.
	 * @param securityContext who asks, to decide whether reasons are shown
	 * @return the report
	 */
	@ReadOperation
	public OperationResponseBody grpcHealth(SecurityContext securityContext) {
		return GrpcHealthReport.of(this.engine, this.showDetails.test(securityContext));
	}

	/**
	 * Puts the whole instance into maintenance (every name {@code NOT_SERVING}, watchers
	 * told at once: the terminal state of {@code ServingStatusManager}) or out of it (the
	 * real statuses again, refreshed at once).
	 * @param maintenance whether the instance is to be in maintenance
	 * @return what is in maintenance now, a {@link MaintenanceReport}
	 */
	@WriteOperation
	public OperationResponseBody maintenance(boolean maintenance) {
		refuseWhenShuttingDown();
		if (maintenance) {
			this.engine.enterMaintenance();
		}
		else {
			this.engine.exitMaintenance();
		}
		return MaintenanceReport.of(this.engine);
	}

	/**
	 * Puts one name into maintenance ({@code NOT_SERVING} until it leaves, whatever a
	 * refresh finds) or out of it.
	 * @param name the name, its {@code /}-separated parts as in the path
	 * @param maintenance whether the name is to be in maintenance
	 * @return what is in maintenance now, a {@link MaintenanceReport}
	 */
	@WriteOperation
	public OperationResponseBody maintenanceOf(@Selector(match = Selector.Match.ALL_REMAINING) String[] name,
			boolean maintenance) {
		refuseWhenShuttingDown();
		String joined = String.join("/", name);
		if (maintenance) {
			if (!this.engine.enterMaintenance(joined)) {
				throw new InvalidEndpointRequestException("No gRPC health name '" + joined + "'",
						"No gRPC health name '" + joined + "'");
			}
		}
		else {
			this.engine.exitMaintenance(joined);
		}
		return MaintenanceReport.of(this.engine);
	}

	private void refuseWhenShuttingDown() {
		if (this.engine.isShuttingDown()) {
			throw new InvalidEndpointRequestException("gRPC health is shutting down: maintenance cannot change",
					"gRPC health is shutting down");
		}
	}

	/**
	 * The endpoint's answer, written by Actuator's own JSON mapper.
	 *
	 * @param terminal whether terminal state is on (everything NOT_SERVING, as during
	 * shutdown or maintenance)
	 * @param maintenance what is in maintenance
	 * @param lastRefresh when the last evaluation cycle started
	 * @param lastRefreshMillis how long it took
	 * @param services every name the health service knows
	 * @param indicators every health contributor evaluated in the last cycle
	 */
	public record GrpcHealthReport(boolean terminal, MaintenanceReport maintenance, Instant lastRefresh,
			long lastRefreshMillis, Map<String, ServiceReport> services,
			Map<String, IndicatorReport> indicators) implements OperationResponseBody {

		static GrpcHealthReport of(HealthEngine engine, boolean showDetails) {
			Evaluation evaluation = engine.lastEvaluation();
			Set<String> applicationNames = engine.applicationNames();
			Map<String, ServiceReport> services = new LinkedHashMap<>();
			engine.statusTable().snapshot().forEach((name, status) -> {
				Evaluation.NameStatus evaluated = evaluation.names().get(name);
				if (evaluated != null) {
					String reason = showDetails ? evaluation.reason(evaluated) : null;
					services.put(name, new ServiceReport(status, evaluated.source(), evaluated.statusCode(),
							evaluated.members().stream().sorted().toList(), evaluation.startedAt(),
							evaluation.slowestMember(evaluated).toMillis(), reason, HeldReport.of(evaluated.held())));
				}
				else {
					HealthNameSource source = applicationNames.contains(name) ? HealthNameSource.APPLICATION : null;
					services.put(name, new ServiceReport(status, source, null, List.of(), null, null, null, null));
				}
			});
			Map<String, IndicatorReport> indicators = new LinkedHashMap<>();
			evaluation.indicators()
				.forEach((path, result) -> indicators.put(path,
						new IndicatorReport(result.status(), result.outcome().tag(), result.startedAt(),
								result.duration().toMillis(), showDetails ? result.reason() : null)));
			return new GrpcHealthReport(engine.isTerminal(), MaintenanceReport.of(engine), evaluation.startedAt(),
					evaluation.duration().toMillis(), services, indicators);
		}

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
	 * @param held a change that damping holds back, or {@code null}: {@code status} is
	 * then still the one shown
	 */
	public record ServiceReport(ServingStatus status, @Nullable HealthNameSource source,
			@Nullable String actuatorStatus, List<String> members, @Nullable Instant evaluatedAt,
			@Nullable Long evaluationMillis, @Nullable String reason, @Nullable HeldReport held) {
	}

	/**
	 * What is in maintenance.
	 *
	 * @param instance whether the whole instance is (every name NOT_SERVING)
	 * @param names the names in maintenance of their own
	 */
	public record MaintenanceReport(boolean instance, Set<String> names) implements OperationResponseBody {

		static MaintenanceReport of(HealthEngine engine) {
			return new MaintenanceReport(engine.isInstanceInMaintenance(), engine.maintenanceNames());
		}

	}

	/**
	 * A change of a name's status that has not lasted long enough to be shown.
	 *
	 * @param status the serving status the indicators give now
	 * @param actuatorStatus the aggregated Actuator status they give now
	 * @param since since when they have given it
	 */
	public record HeldReport(ServingStatus status, String actuatorStatus, Instant since) {

		static @Nullable HeldReport of(Evaluation.@Nullable HeldChange held) {
			return (held != null) ? new HeldReport(held.evaluated(), held.statusCode(), held.since()) : null;
		}

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
