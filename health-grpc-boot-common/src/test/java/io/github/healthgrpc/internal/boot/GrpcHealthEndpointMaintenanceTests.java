package io.github.healthgrpc.internal.boot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.model.Contributor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code grpchealth} endpoint's maintenance operations, on an engine of its own: a
 * name is given in its {@code /}-separated parts, unknown names and any request once
 * shutdown has begun are refused, and the report says what is in maintenance.
 */
class GrpcHealthEndpointMaintenanceTests {

	private final HealthEngine engine = HealthEngine.builder(() -> List.of(
			new Contributor.Composite("grpcClients", List.of(new Contributor.Indicator("inventory", () -> "UP"))),
			new Contributor.Indicator("db", () -> "UP")))
		.build();

	private final GrpcHealthEndpoint endpoint = new GrpcHealthEndpoint(this.engine, (context) -> false);

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void aNameWithSlashesIsJoinedFromThePath() {
		this.engine.refreshNow();
		GrpcHealthEndpoint.MaintenanceReport report = maintenance(
				this.endpoint.maintenanceOf(new String[] { "grpcClients", "inventory" }, true));
		assertThat(report.names()).containsExactly("grpcClients/inventory");
		assertThat(this.engine.statusTable().get("grpcClients/inventory")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.engine.statusTable().get("db")).isEqualTo(ServingStatus.SERVING);
		assertThat(report().maintenance()).isEqualTo(report);
		assertThat(maintenance(this.endpoint.maintenanceOf(new String[] { "grpcClients", "inventory" }, false)).names())
			.isEmpty();
	}

	@Test
	void theWholeInstanceGoesInAndOut() {
		this.engine.refreshNow();
		assertThat(this.endpoint.maintenance(true)).isEqualTo(new GrpcHealthEndpoint.MaintenanceReport(true, Set.of()));
		assertThat(this.engine.statusTable().snapshot()).containsEntry("db", ServingStatus.NOT_SERVING);
		assertThat(maintenance(this.endpoint.maintenance(false)).instance()).isFalse();
		assertThat(this.engine.statusTable().snapshot()).containsAllEntriesOf(Map.of("db", ServingStatus.SERVING));
	}

	@Test
	void anUnknownNameAndRequestsAfterShutdownHasBegunAreRefused() {
		this.engine.refreshNow();
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.maintenanceOf(new String[] { "no.such.Service" }, true))
			.withMessage("No gRPC health name 'no.such.Service'");
		this.engine.shutdown(Duration.ZERO, true);
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.maintenance(false));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.maintenanceOf(new String[] { "db" }, true));
		assertThat(report().maintenance().instance()).isFalse();
	}

	// The operations declare the interface, so that Actuator's reading of their
	// signatures does not load the report types.
	private GrpcHealthEndpoint.GrpcHealthReport report() {
		return (GrpcHealthEndpoint.GrpcHealthReport) this.endpoint.grpcHealth(SecurityContext.NONE);
	}

	private static GrpcHealthEndpoint.MaintenanceReport maintenance(Object report) {
		return (GrpcHealthEndpoint.MaintenanceReport) report;
	}

}
