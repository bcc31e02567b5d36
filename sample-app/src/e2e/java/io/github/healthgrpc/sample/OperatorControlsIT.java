package io.github.healthgrpc.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator controls on the packaged sample, over HTTP and gRPC as an operator and a
 * client see them: damping ({@code grpc.health.damping.down-after}, set on the command
 * line) over the sample's breakable downstream, and maintenance through
 * {@code POST /actuator/grpchealth}. Shared by the samples. The last test stops the
 * process in maintenance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorControlsIT {

	/** Set on the command line below. */
	private static final Duration DOWN_AFTER = Duration.ofSeconds(6);

	/** application.yml: grpc.health.refresh-interval. */
	private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);

	/** Room for a busy machine; not a timing claim. */
	private static final Duration MARGIN = Duration.ofSeconds(4);

	/**
	 * The server's wall clock, which damping reads, and the test's monotonic one may
	 * differ by a few milliseconds.
	 */
	private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(100);

	private static final String GREETER = "helloworld.Greeter";

	private static final String MAINTENANCE_ON = "{\"maintenance\": true}";

	private static final String MAINTENANCE_OFF = "{\"maintenance\": false}";

	private static SampleProcess sample;

	private static HealthGrpc.HealthBlockingStub health;

	@BeforeAll
	static void start() throws Exception {
		sample = SampleProcess.start("operator-it", "--grpc.health.damping.down-after=" + DOWN_AFTER.toSeconds());
		health = HealthGrpc.newBlockingStub(sample.channel());
	}

	@AfterAll
	static void stop() {
		if (sample != null) {
			sample.close();
		}
	}

	@BeforeEach
	void healthy() {
		sample.healDownstream();
		await().atMost(DOWN_AFTER.plus(MARGIN))
			.until(() -> check(GREETER) == ServingStatus.SERVING && check("") == ServingStatus.SERVING);
	}

	@Test
	@Order(0)
	void whereTheApplicationDoesNotExposeTheEndpointMaintenanceCannotBeReachedOverHttp() throws Exception {
		try (SampleProcess unexposed = SampleProcess.start("operator-unexposed-it",
				"--management.endpoints.web.exposure.include=health")) {
			assertThat(unexposed.postJson("/actuator/grpchealth", MAINTENANCE_ON).statusCode()).isEqualTo(404);
			assertThat(HealthGrpc.newBlockingStub(unexposed.channel())
				.withDeadlineAfter(2, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService("").build())
				.getStatus()).isEqualTo(ServingStatus.SERVING);
		}
	}

	@Test
	@Order(1)
	void aDownstreamBlipShorterThanDownAfterNeverReachesAWatcher() throws Exception {
		try (WatchRecorder greeter = WatchRecorder.watch(sample.channel(), GREETER)) {
			await().atMost(MARGIN).until(() -> greeter.last() == ServingStatus.SERVING);
			sample.breakDownstream();
			// Evaluated as DOWN, held back: the endpoint says so, Check does not.
			await().atMost(REFRESH_INTERVAL.plus(MARGIN)).until(() -> isHeld(GREETER));
			assertThat(report().path("services").path(GREETER).path("held").path("status").asText())
				.isEqualTo("NOT_SERVING");
			assertThat(report().path("services").path(GREETER).path("status").asText()).isEqualTo("SERVING");
			sample.healDownstream();
			await().atMost(REFRESH_INTERVAL.plus(MARGIN)).until(() -> !isHeld(GREETER));
			assertThat(greeter.statuses()).containsOnly(ServingStatus.SERVING);
			assertThat(sample.get("/actuator/prometheus").body())
				.containsPattern("grpc_health_damping_absorbed_total [1-9]");
		}
	}

	@Test
	@Order(2)
	void aFailureThatLastsIsShownNoEarlierThanDownAfter() throws Exception {
		try (WatchRecorder greeter = WatchRecorder.watch(sample.channel(), GREETER)) {
			await().atMost(MARGIN).until(() -> greeter.last() == ServingStatus.SERVING);
			long broken = System.nanoTime();
			sample.breakDownstream();
			await().atMost(DOWN_AFTER.plus(REFRESH_INTERVAL).plus(MARGIN))
				.until(() -> greeter.last() == ServingStatus.NOT_SERVING);
			long shownAfter = greeter.firstReceivedAfter(ServingStatus.NOT_SERVING, broken) - broken;
			assertThat(Duration.ofNanos(shownAfter)).isGreaterThanOrEqualTo(DOWN_AFTER.minus(CLOCK_TOLERANCE));
			// Back to SERVING at once: up-after is not set.
			sample.healDownstream();
			await().atMost(REFRESH_INTERVAL.plus(MARGIN)).until(() -> greeter.last() == ServingStatus.SERVING);
		}
	}

	@Test
	@Order(3)
	void oneNameInMaintenanceIsNotServingUntilItLeavesAndWatchersSeeEachStepAtOnce() throws Exception {
		try (WatchRecorder greeter = WatchRecorder.watch(sample.channel(), GREETER)) {
			await().atMost(MARGIN).until(() -> greeter.last() == ServingStatus.SERVING);
			HttpResponse<String> entered = sample.postJson("/actuator/grpchealth/" + GREETER, MAINTENANCE_ON);
			assertThat(entered.statusCode()).as(entered.body()).isEqualTo(200);
			// Not damped: shown by the time the request is answered.
			await().atMost(MARGIN).until(() -> greeter.last() == ServingStatus.NOT_SERVING);
			assertThat(check(GREETER)).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(check("")).isEqualTo(ServingStatus.SERVING);
			JsonNode maintenance = report().path("maintenance");
			assertThat(maintenance.path("instance").asBoolean()).isFalse();
			assertThat(maintenance.path("names").toString()).isEqualTo("[\"" + GREETER + "\"]");
			// A refresh does not end it.
			await().during(REFRESH_INTERVAL.multipliedBy(2))
				.atMost(REFRESH_INTERVAL.plus(MARGIN))
				.until(() -> check(GREETER) == ServingStatus.NOT_SERVING);
			sample.postJson("/actuator/grpchealth/" + GREETER, MAINTENANCE_OFF);
			await().atMost(MARGIN).until(() -> greeter.last() == ServingStatus.SERVING);
			assertThat(greeter.statuses()).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING,
					ServingStatus.SERVING);
			assertThat(sample.log()).contains("gRPC health: 'helloworld.Greeter' entered maintenance")
				.contains("gRPC health: 'helloworld.Greeter' left maintenance");
		}
	}

	@Test
	@Order(4)
	void anUnknownNameIsRefused() {
		HttpResponse<String> refused = sample.postJson("/actuator/grpchealth/no.such.Service", MAINTENANCE_ON);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(report().path("maintenance").path("names").isEmpty()).isTrue();
	}

	@Test
	@Order(5)
	void theWholeInstanceInMaintenanceIsNotServingAndComesBackWithItsRealStatuses() throws Exception {
		try (WatchRecorder overall = WatchRecorder.watch(sample.channel(), "")) {
			await().atMost(MARGIN).until(() -> overall.last() == ServingStatus.SERVING);
			assertThat(sample.postJson("/actuator/grpchealth", MAINTENANCE_ON).statusCode()).isEqualTo(200);
			await().atMost(MARGIN).until(() -> overall.last() == ServingStatus.NOT_SERVING);
			assertThat(check(GREETER)).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(check("liveness")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(report().path("maintenance").path("instance").asBoolean()).isTrue();
			assertThat(sample.get("/actuator/prometheus").body())
				.containsPattern("grpc_health_maintenance\\{[^}]*scope=\"instance\"[^}]*} 1");
			assertThat(sample.postJson("/actuator/grpchealth", MAINTENANCE_OFF).statusCode()).isEqualTo(200);
			await().atMost(MARGIN).until(() -> overall.last() == ServingStatus.SERVING);
			assertThat(check(GREETER)).isEqualTo(ServingStatus.SERVING);
		}
	}

	@Test
	@Order(6)
	void aProcessStoppedInMaintenanceDrainsCompletesItsWatchesAndRefusesMaintenance() throws Exception {
		try (WatchRecorder overall = WatchRecorder.watch(sample.channel(), "")) {
			await().atMost(MARGIN).until(() -> overall.last() == ServingStatus.SERVING);
			sample.postJson("/actuator/grpchealth", MAINTENANCE_ON);
			await().atMost(MARGIN).until(() -> overall.last() == ServingStatus.NOT_SERVING);
			sample.sigterm();
			await().atMost(MARGIN.multipliedBy(3)).until(overall::hasEnded);
			assertThat(overall.isCompleted()).as("completed by the server, not failed").isTrue();
			assertThat(overall.statuses()).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
			assertThat(sample.process().waitFor(MARGIN.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			assertThat(sample.log()).contains("gRPC health: all services NOT_SERVING, draining for 2000 ms");
		}
	}

	private static ServingStatus check(String service) {
		return health.withDeadlineAfter(2, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private static JsonNode report() {
		try {
			return new ObjectMapper().readTree(sample.get("/actuator/grpchealth").body());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isHeld(String name) {
		JsonNode held = report().path("services").path(name).path("held");
		return !held.isMissingNode() && !held.isNull();
	}

}
