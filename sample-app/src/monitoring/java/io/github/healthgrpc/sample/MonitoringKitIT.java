package io.github.healthgrpc.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.sample.MonitoringKit.PanelQuery;
import io.github.healthgrpc.sample.MonitoringKit.Rule;
import io.github.healthgrpc.sample.MonitoringKit.VariableQuery;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitoring kit on a real Prometheus (Debian's package, started on 127.0.0.1 with a
 * configuration and storage of its own) that scrapes two packaged samples every second
 * and evaluates {@code monitoring/prometheus/grpc-health-rules.yml} every second: an
 * upstream, and a watcher whose {@code peer} channel watches the upstream's
 * {@code helloworld.Greeter} (so {@code grpcClients/peer} and the client meters exist).
 * Healthy, no alert is raised; then each failure the rules are for is caused for real
 * (the database refused, hung and slowed through the sample's admin endpoints, the
 * downstream broken and healed, 1,001 Watch streams on unknown names, maintenance, the
 * upstream killed), and each alert must become active (pending, or firing where it has no
 * {@code for}) with every label its annotations use, and resolve when healed. Last, every
 * dashboard query and variable is run over the whole run and must return series carrying
 * the labels its legend shows, and the main panels are drawn from that data into
 * {@code target/monitoring-e2e/dashboard.png}.
 * <p>
 * One alert cannot become active in a test of a minute or two:
 * {@code GrpcHealthEvaluationSlow} rates over 5 minutes, so its expression is run with
 * the threshold lowered, on an indicator that is really slow. The promtool unit tests
 * check every threshold and duration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringKitIT {

	/** Scrape, refresh and rule evaluation are each 1 s; room for a busy machine. */
	private static final Duration ALERT_WITHIN = Duration.ofSeconds(30);

	private static final Duration MARGIN = Duration.ofSeconds(10);

	/**
	 * What Grafana's $__rate_interval comes to with a 1 s scrape interval, rounded up.
	 */
	private static final String RATE_INTERVAL = "10s";

	/** A label that an alert must not carry: the name "" has no service label. */
	private static final String ABSENT = "<absent>";

	private static final String GREETER = "helloworld.Greeter";

	private static SampleProcess upstream;

	private static SampleProcess watcher;

	private static PrometheusServer prometheus;

	private static Path work;

	private static Instant started;

	/** Every alert seen active, and how. */
	private static final Map<String, String> raised = new LinkedHashMap<>();

	/** What was done when, for the picture. */
	private static final List<DashboardPicture.Mark> marks = new ArrayList<>();

	@BeforeAll
	static void start() throws IOException {
		// Fail at once, before starting anything, if the package is missing.
		PrometheusServer.binary("prometheus");
		upstream = SampleProcess.start("monitoring-upstream");
		watcher = SampleProcess.start("monitoring-watcher", "--spring.profiles.active=peer",
				"--sample.peer=127.0.0.1:" + upstream.grpcPort(), "--grpc.health.client.backoff.max-interval=1s");
		await("the watcher sees its peer SERVING").atMost(MARGIN)
			.until(() -> watcher.check("grpcClients/peer") == ServingStatus.SERVING);
		work = Path.of(SampleProcess.requiredProperty("monitoring.work"));
		deleteRecursively(work);
		prometheus = PrometheusServer.start(work, List.of(instance(upstream), instance(watcher)),
				List.of(MonitoringKit.rulesFile()));
		// Prometheus applies its targets some 5 s after it starts.
		await("both samples scraped").atMost(ALERT_WITHIN).untilAsserted(() -> {
			List<String> health = new ArrayList<>();
			prometheus.targets().forEach((target) -> health.add(target.path("health").asText()));
			assertThat(health).containsExactly("up", "up");
		});
		started = Instant.now();
	}

	@AfterAll
	static void stop() {
		if (prometheus != null) {
			prometheus.close();
		}
		Stream.of(watcher, upstream).filter((sample) -> sample != null).forEach(SampleProcess::close);
		System.out.println("[e2e] alerts raised: " + raised);
	}

	@Test
	@Order(1)
	void healthySamplesRaiseNoAlertAndEveryRuleEvaluates() {
		// Rates need two samples, the recorded series an evaluation after them.
		await("recording rules produce series").atMost(ALERT_WITHIN).untilAsserted(() -> {
			assertThat(series("instance_indicator:grpc_health_indicator_evaluation_seconds_sum:rate5m", "instance"))
				.contains(instance(upstream), instance(watcher));
			assertThat(series("namespace_job_service:grpc_health_status_not_serving:ratio", "service")).contains("db",
					GREETER, "grpcClients/peer");
		});
		await("every rule evaluated").atMost(ALERT_WITHIN).untilAsserted(MonitoringKitIT::assertEveryRuleHealthy);
		// Healthy: for several evaluations, nothing pending or firing.
		await().during(Duration.ofSeconds(4)).atMost(ALERT_WITHIN).until(() -> prometheus.alerts().isEmpty());
		for (Rule rule : MonitoringKit.rules()) {
			if (!rule.isAlert()) {
				JsonNode recorded = prometheus.query(rule.name());
				assertThat(recorded).as(rule.name()).isNotEmpty();
				recorded.forEach((series) -> assertThat(series.path("metric").has("job")).isTrue());
			}
		}
		// From here on the watcher's database is slow: 600 ms per connection, and
		// Actuator's db check opens two, so 1.2 s per evaluation with a 1 s refresh
		// interval and a 2 s indicator timeout. See
		// slowEvaluationIsFoundOnTheSlowIndicator.
		mark("watcher db slow");
		watcher.slowDatabase(Duration.ofMillis(600));
	}

	@Test
	@Order(2)
	void theDatabaseDownMakesItsNamesNotServingPendingAndHealingResolvesThem() {
		mark("db down");
		upstream.breakDatabase();
		await().atMost(MARGIN).until(() -> upstream.check("db") == ServingStatus.NOT_SERVING);
		JsonNode db = awaitAlert("GrpcHealthNameNotServing", Map.of("instance", instance(upstream), "service", "db"));
		assertThat(db.path("state").asText()).isEqualTo("pending");
		assertThat(db.path("annotations").path("summary").asText())
			.isEqualTo("gRPC health name \"db\" is NOT_SERVING on " + instance(upstream) + ".");
		// The names that aggregate db follow it: the Greeter, the storage group, "".
		awaitAlert("GrpcHealthNameNotServing", Map.of("instance", instance(upstream), "service", GREETER));
		awaitAlert("GrpcHealthNameNotServing", Map.of("instance", instance(upstream), "service", "storage"));
		JsonNode overall = awaitAlert("GrpcHealthNameNotServing",
				Map.of("instance", instance(upstream), "service", ABSENT));
		assertThat(overall.path("annotations").path("summary").asText()).contains("\"\" (the whole server)");
		// The watcher's Watch on the upstream's Greeter sees it too.
		JsonNode downstream = awaitAlert("GrpcHealthDownstreamNotServing",
				Map.of("instance", instance(watcher), "channel", "peer"));
		assertThat(downstream.path("annotations").path("summary").asText())
			.isEqualTo("Downstream \"peer\" is NOT_SERVING as seen from " + instance(watcher) + ".");
		assertNoAlert("GrpcHealthNameNotServing", Map.of("instance", instance(watcher), "service", "db"));

		mark("db healed");
		upstream.healDatabase();
		await().atMost(MARGIN).until(() -> upstream.check("db") == ServingStatus.SERVING);
		awaitNoAlert("GrpcHealthNameNotServing", Map.of("instance", instance(upstream)));
		awaitNoAlert("GrpcHealthDownstreamNotServing", Map.of("instance", instance(watcher)));
	}

	@Test
	@Order(3)
	void aHangingDatabaseTimesOutAndRaisesIndicatorFailing() {
		mark("db hangs");
		// 3 s per connection: beyond the indicator timeout (2 s).
		upstream.slowDatabase(Duration.ofSeconds(3));
		JsonNode failing = awaitAlert("GrpcHealthIndicatorFailing",
				Map.of("instance", instance(upstream), "indicator", "db", "outcome", "timeout"));
		assertThat(failing.path("annotations").path("summary").asText())
			.startsWith("Health indicator \"db\" times out in ");
		mark("db healed");
		upstream.healDatabase();
		await().atMost(MARGIN).until(() -> upstream.check("db") == ServingStatus.SERVING);
		awaitNoAlert("GrpcHealthNameNotServing", Map.of("instance", instance(upstream)));
	}

	@Test
	@Order(4)
	void aFlappingDownstreamRaisesFlappingAndOneDownEverywhereRaisesTheFleetAlert() {
		mark("downstream flaps");
		List<SampleProcess> both = List.of(upstream, watcher);
		for (int i = 0; i < 4; i++) {
			both.forEach(SampleProcess::breakDownstream);
			await().atMost(MARGIN)
				.until(() -> both.stream().allMatch((s) -> s.check("downstream") == ServingStatus.NOT_SERVING));
			both.forEach(SampleProcess::healDownstream);
			await().atMost(MARGIN)
				.until(() -> both.stream().allMatch((s) -> s.check("downstream") == ServingStatus.SERVING));
		}
		JsonNode flapping = awaitAlert("GrpcHealthNameFlapping",
				Map.of("instance", instance(upstream), "service", "downstream"));
		assertThat(flapping.path("state").asText()).as("no `for`: firing at once").isEqualTo("firing");

		mark("downstream down everywhere");
		both.forEach(SampleProcess::breakDownstream);
		JsonNode fleet = awaitAlert("GrpcHealthNameNotServingOnMostInstances",
				Map.of("job", PrometheusServer.JOB, "service", "downstream"));
		assertThat(fleet.path("annotations").path("summary").asText())
			.isEqualTo("gRPC health name \"downstream\" is NOT_SERVING on 100% of the instances of "
					+ PrometheusServer.JOB + ".");
		assertThat(fleet.path("labels").has("instance")).as("one alert for the fleet").isFalse();
		mark("downstream healed");
		both.forEach(SampleProcess::healDownstream);
		awaitNoAlert("GrpcHealthNameNotServingOnMostInstances", Map.of("job", PrometheusServer.JOB));
	}

	@Test
	@Order(5)
	void watchStreamsOnUnknownNamesReachTheCapAndTheRefusalsRaiseAlerts() {
		mark("1,001 Watches on unknown names");
		AtomicInteger refused = new AtomicInteger();
		Context.CancellableContext context = Context.current().withCancellation();
		try {
			HealthGrpc.HealthStub stub = HealthGrpc.newStub(upstream.channel());
			context.run(() -> {
				// grpc.health.watch.max-unknown: 1000 by default; the 1,001st is refused.
				for (int i = 0; i <= 1000; i++) {
					stub.watch(HealthCheckRequest.newBuilder().setService("no.such.Service-" + i).build(),
							new StreamObserver<HealthCheckResponse>() {
								@Override
								public void onNext(HealthCheckResponse value) {
								}

								@Override
								public void onError(Throwable error) {
									if (Status.fromThrowable(error).getCode() == Status.Code.RESOURCE_EXHAUSTED) {
										refused.incrementAndGet();
									}
								}

								@Override
								public void onCompleted() {
								}
							});
				}
			});
			await("one Watch refused").atMost(ALERT_WITHIN).until(() -> refused.get() == 1);
			JsonNode rejected = awaitAlert("GrpcHealthWatchRejected",
					Map.of("instance", instance(upstream), "reason", "limit", "listener", "main"));
			assertThat(rejected.path("state").asText()).isEqualTo("firing");
			JsonNode high = awaitAlert("GrpcHealthWatchStreamsHigh",
					Map.of("instance", instance(upstream), "listener", "main"));
			assertThat(high.path("annotations").path("summary").asText())
				.matches("[0-9]+ gRPC health Watch streams open on " + instance(upstream) + " \\(main listener\\)\\.");
			// 1,000 on unknown names, and the watcher's on helloworld.Greeter
			await().atMost(ALERT_WITHIN)
				.until(() -> series("grpc_health_watch_streams{instance=\"" + instance(upstream) + "\"} == 1001",
						"listener")
					.equals(Set.of("main")));
		}
		finally {
			context.cancel(null);
		}
		mark("Watches closed");
		awaitNoAlert("GrpcHealthWatchStreamsHigh", Map.of("instance", instance(upstream)));
	}

	@Test
	@Order(6)
	void anInstanceInMaintenanceRaisesTheMaintenanceAlertAndNoNotServingOne() {
		mark("maintenance");
		HttpResponse<String> entered = upstream.postJson("/actuator/grpchealth", "{\"maintenance\": true}");
		assertThat(entered.statusCode()).as(entered.body()).isEqualTo(200);
		assertThat(upstream.check("")).isEqualTo(ServingStatus.NOT_SERVING);
		awaitAlert("GrpcHealthInMaintenance", Map.of("instance", instance(upstream), "scope", "instance"));
		// Every name NOT_SERVING on purpose: for several evaluations, no name alert.
		await().during(Duration.ofSeconds(4))
			.atMost(ALERT_WITHIN)
			.until(() -> active("GrpcHealthNameNotServing", Map.of("instance", instance(upstream))).isEmpty());
		mark("maintenance left");
		assertThat(upstream.postJson("/actuator/grpchealth", "{\"maintenance\": false}").statusCode()).isEqualTo(200);
		await().atMost(MARGIN).until(() -> upstream.check("") == ServingStatus.SERVING);
		awaitNoAlert("GrpcHealthInMaintenance", Map.of("instance", instance(upstream)));
	}

	@Test
	@Order(7)
	void slowEvaluationIsFoundOnTheSlowIndicator() {
		Rule rule = MonitoringKit.alert("GrpcHealthEvaluationSlow");
		// rate() over 5 minutes of a series with a minute or two of samples is a
		// fraction of what 5 minutes will show: the same expression, threshold lowered.
		String lowered = rule.expr().replace("> 0.9", "> 0.05");
		assertThat(lowered).as("the threshold of GrpcHealthEvaluationSlow is `> 0.9`").isNotEqualTo(rule.expr());
		await("the watcher's db found slow").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			JsonNode result = prometheus.query(lowered);
			List<String> found = new ArrayList<>();
			result.forEach((series) -> found.add(series.path("metric").path("instance").asText() + " "
					+ series.path("metric").path("indicator").asText()));
			assertThat(found).containsExactly(instance(watcher) + " db");
			assertCarriesTemplateLabels(rule, result.get(0).path("metric"));
		});
		raised.put(rule.name(), "expression true, threshold lowered to 0.05");
		mark("watcher db healed");
		watcher.healDatabase();
	}

	@Test
	@Order(8)
	void anUpstreamThatGoesAwayRestartsTheWatchOnIt() {
		mark("upstream killed");
		upstream.close();
		JsonNode restarting = awaitAlert("GrpcHealthDownstreamWatchRestarting",
				Map.of("instance", instance(watcher), "channel", "peer"));
		assertThat(restarting.path("state").asText()).isEqualTo("firing");
		assertThat(watcher.check("")).as("a downstream is not part of \"\"").isEqualTo(ServingStatus.SERVING);
	}

	@Test
	@Order(9)
	void everyAlertWasRaisedAndEveryDashboardQueryReturnsTheLabelsItShows() throws IOException {
		// the last alert's evaluation, and a scrape after it, into the range
		await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
		Instant end = Instant.now();
		assertThat(raised.keySet()).as("every alert of the kit raised by this run")
			.containsExactlyInAnyOrderElementsOf(MonitoringKit.alerts().stream().map(Rule::name).toList());
		assertEveryRuleHealthy();

		for (PanelQuery query : MonitoringKit.panelQueries()) {
			String expr = MonitoringKit.substitute(query.expr(), RATE_INTERVAL);
			JsonNode result = query.instant() ? prometheus.query(expr)
					: prometheus.queryRange(expr, started, end, Duration.ofSeconds(1));
			assertThat(result).as("panel '%s': %s", query.panel(), expr).isNotEmpty();
			for (String label : query.labels()) {
				List<JsonNode> carrying = new ArrayList<>();
				result.forEach((series) -> {
					if (series.path("metric").has(label)) {
						carrying.add(series);
					}
					else {
						assertThat(label)
							.as("panel '%s': a series without the label %s: %s", query.panel(), label,
									series.path("metric"))
							.isEqualTo(MonitoringKit.SERVICE);
					}
				});
				assertThat(carrying).as("panel '%s': series with the label %s", query.panel(), label).isNotEmpty();
			}
			System.out.printf("[e2e] panel '%s': %d series%n", query.panel(), result.size());
		}
		Map<String, VariableQuery> variables = MonitoringKit.variableQueries();
		Map<String, List<String>> values = new LinkedHashMap<>();
		variables.forEach((name, variable) -> values.put(name, prometheus.labelValues(variable.label(),
				MonitoringKit.substitute(variable.selector(), RATE_INTERVAL), started, end)));
		System.out.println("[e2e] dashboard variables: " + values);
		assertThat(values.get("job")).containsExactly(PrometheusServer.JOB);
		assertThat(values.get("instance")).containsExactlyInAnyOrder(instance(upstream), instance(watcher));
		assertThat(values.get("name")).contains("db", "downstream", GREETER, "readiness", "grpcClients/peer");

		Path picture = work.resolve("dashboard.png");
		DashboardPicture.render(prometheus, started, end, marks, RATE_INTERVAL, picture);
		assertThat(Files.size(picture)).isPositive();
		System.out.println("[e2e] dashboard picture: " + picture);
	}

	private static JsonNode awaitAlert(String name, Map<String, String> labels) {
		long since = System.nanoTime();
		List<JsonNode> found = new ArrayList<>();
		await(name + " " + labels + " active").atMost(ALERT_WITHIN).until(() -> {
			found.clear();
			found.addAll(active(name, labels));
			return !found.isEmpty();
		});
		JsonNode alert = found.get(0);
		assertCarriesTemplateLabels(MonitoringKit.alert(name), alert.path("labels"));
		alert.path("annotations").forEach((text) -> assertThat(text.asText()).doesNotContain("<no value>"));
		raised.putIfAbsent(name, alert.path("state").asText());
		System.out.printf("[e2e] %s %s after %d ms: %s%n", name, alert.path("state").asText(),
				Duration.ofNanos(System.nanoTime() - since).toMillis(),
				alert.path("annotations").path("summary").asText());
		return alert;
	}

	private static void awaitNoAlert(String name, Map<String, String> labels) {
		await(name + " " + labels + " resolved").atMost(ALERT_WITHIN).until(() -> active(name, labels).isEmpty());
	}

	private static void assertNoAlert(String name, Map<String, String> labels) {
		assertThat(active(name, labels)).as(name + " " + labels).isEmpty();
	}

	/** The active (pending or firing) alerts of that name that carry these labels. */
	private static List<JsonNode> active(String name, Map<String, String> labels) {
		return prometheus.alerts().stream().filter((alert) -> {
			JsonNode carried = alert.path("labels");
			if (!name.equals(carried.path("alertname").asText())) {
				return false;
			}
			return labels.entrySet()
				.stream()
				.allMatch((label) -> ABSENT.equals(label.getValue()) ? !carried.has(label.getKey())
						: label.getValue().equals(carried.path(label.getKey()).asText(null)));
		}).toList();
	}

	/**
	 * Every label the rule's annotations read is on the alert; only the name "" may lack
	 * its service label.
	 */
	private static void assertCarriesTemplateLabels(Rule rule, JsonNode labels) {
		for (String label : rule.templateLabels()) {
			if (!labels.has(label)) {
				assertThat(label)
					.as("%s reads $labels.%s, which the alert does not carry: %s", rule.name(), label, labels)
					.isEqualTo(MonitoringKit.SERVICE);
			}
		}
	}

	private static void assertEveryRuleHealthy() {
		Set<String> loaded = new LinkedHashSet<>();
		prometheus.ruleGroups().forEach((group) -> group.path("rules").forEach((rule) -> {
			loaded.add(rule.path("name").asText());
			assertThat(rule.path("health").asText()).as("%s: %s", rule.path("name").asText(), rule.path("lastError"))
				.isEqualTo("ok");
		}));
		assertThat(loaded).containsExactlyInAnyOrderElementsOf(MonitoringKit.rules().stream().map(Rule::name).toList());
	}

	/** The values of a label on the series of a query. */
	private static Set<String> series(String expr, String label) {
		Set<String> values = new LinkedHashSet<>();
		prometheus.query(expr).forEach((series) -> values.add(series.path("metric").path(label).asText()));
		return values;
	}

	private static String instance(SampleProcess sample) {
		return "127.0.0.1:" + sample.httpPort();
	}

	private static void mark(String what) {
		marks.add(new DashboardPicture.Mark(Instant.now(), what));
		System.out.printf("[e2e] %s: %s%n",
				(started != null) ? Duration.between(started, Instant.now()).toSeconds() + " s" : "-", what);
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
				Files.delete(path);
			}
		}
	}

}
