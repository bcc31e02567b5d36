package io.github.healthgrpc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.healthgrpc.sample.MonitoringKit.PanelQuery;
import io.github.healthgrpc.sample.MonitoringKit.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring kit ({@code monitoring/}) checked without a running Prometheus:
 * promtool's own check and unit tests of the rules (Debian's prometheus package,
 * required: a missing promtool fails these tests), the PrometheusRule against the rules
 * file and the Prometheus Operator's CRD schema, the Grafana dashboard's structure, and
 * the runbook in docs/monitoring.md for every alert. {@code MonitoringKitIT} runs all of
 * it on a real Prometheus.
 */
class MonitoringKitTests {

	/** {@code ^(0|(([0-9]+)y)?(([0-9]+)w)?...)$} of the CRD's duration fields. */
	private static final Pattern CRD_DURATION = Pattern
		.compile("^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$");

	private static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");

	private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

	@Test
	void promtoolChecksTheRules() throws IOException {
		String output = PrometheusServer.run(MonitoringKit.rulesFile().getParent(), 0, "promtool", "check", "rules",
				MonitoringKit.rulesFile().getFileName().toString());
		System.out.print(output);
		assertThat(output).contains("SUCCESS: " + MonitoringKit.rules().size() + " rules found");
	}

	@Test
	void promtoolUnitTestsOfTheRulesPass() throws IOException {
		String output = PrometheusServer.run(MonitoringKit.rulesTestFile().getParent(), 0, "promtool", "test", "rules",
				MonitoringKit.rulesTestFile().getFileName().toString());
		System.out.print(output);
		assertThat(output).contains("SUCCESS");
	}

	/**
	 * Every alert has a unit test in which it fires and one in which it stays silent, and
	 * every recording rule one that checks its values.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void everyRuleHasUnitTestsThatMakeItFireAndStaySilent() {
		Map<String, Object> file = (Map<String, Object>) MonitoringKit.yaml(MonitoringKit.rulesTestFile());
		Set<String> fired = new HashSet<>();
		Set<String> silent = new HashSet<>();
		Set<String> recordingTested = new HashSet<>();
		for (Map<String, Object> test : (List<Map<String, Object>>) file.get("tests")) {
			for (Map<String, Object> alertTest : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test",
					List.of())) {
				List<?> expected = (List<?>) alertTest.get("exp_alerts");
				((expected == null || expected.isEmpty()) ? silent : fired).add((String) alertTest.get("alertname"));
			}
			for (Map<String, Object> exprTest : (List<Map<String, Object>>) test.getOrDefault("promql_expr_test",
					List.of())) {
				for (Rule rule : MonitoringKit.rules()) {
					if (!rule.isAlert() && ((String) exprTest.get("expr")).contains(rule.name())) {
						recordingTested.add(rule.name());
					}
				}
			}
		}
		for (Rule rule : MonitoringKit.rules()) {
			if (rule.isAlert()) {
				assertThat(fired).as("a unit test in which %s fires", rule.name()).contains(rule.name());
				assertThat(silent).as("a unit test in which %s stays silent", rule.name()).contains(rule.name());
			}
			else {
				assertThat(recordingTested).as("a unit test of the values of %s", rule.name()).contains(rule.name());
			}
		}
	}

	@Test
	void everyAlertHasASummaryADescriptionASeverityAndARunbookSectionInTheReadme() throws IOException {
		Set<String> anchors = readmeAnchors();
		for (Rule alert : MonitoringKit.alerts()) {
			assertThat(alert.annotations()).as(alert.name()).containsKeys("summary", "description", "runbook_url");
			String runbook = alert.annotations().get("runbook_url");
			assertThat(runbook).as(alert.name())
				.isEqualTo("https://github.com/healthgrpc/health-grpc/blob/main/docs/monitoring.md#"
						+ alert.name().toLowerCase(Locale.ROOT));
			assertThat(anchors).as("docs/monitoring.md has a section for %s", alert.name())
				.contains(alert.name().toLowerCase(Locale.ROOT));
		}
		assertThat(anchors).contains("monitoring-kit");
	}

	/**
	 * The PrometheusRule is the rules file's groups, unchanged, in a resource that the
	 * Prometheus Operator's CustomResourceDefinition (monitoring.coreos.com/v1,
	 * PrometheusRule) accepts: its openAPIV3Schema's fields, types, required fields and
	 * patterns, checked here field by field. Unknown fields are refused too: the API
	 * server would prune them silently.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void thePrometheusRuleCarriesTheRulesFileAndFitsTheOperatorsSchema() {
		Map<String, Object> resource = (Map<String, Object>) MonitoringKit.yaml(MonitoringKit.prometheusRuleFile());
		assertThat(resource).containsOnlyKeys("apiVersion", "kind", "metadata", "spec");
		assertThat(resource.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(resource.get("kind")).isEqualTo("PrometheusRule");
		Map<String, Object> metadata = (Map<String, Object>) resource.get("metadata");
		assertThat((String) metadata.get("name")).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
		((Map<String, Object>) metadata.getOrDefault("labels", Map.of()))
			.forEach((key, value) -> assertThat(value).as("label %s", key).isInstanceOf(String.class));
		Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
		assertThat(spec).containsOnlyKeys("groups");
		List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("groups");
		assertThat(groups)
			.as("spec.groups: the groups of %s, unchanged (run monitoring/make-prometheus-rule)",
					MonitoringKit.rulesFile())
			.isEqualTo(MonitoringKit.ruleGroups());
		Set<String> groupNames = new HashSet<>();
		for (Map<String, Object> group : groups) {
			assertThat(group).containsKeys("name", "rules");
			assertThat(group.keySet()).isSubsetOf("name", "interval", "labels", "limit", "partial_response_strategy",
					"query_offset", "rules");
			assertThat(group.get("name")).isInstanceOf(String.class).asString().isNotEmpty();
			assertThat(groupNames.add((String) group.get("name"))).as("group names are unique (list-map key)").isTrue();
			if (group.containsKey("interval")) {
				assertThat((String) group.get("interval")).matches(CRD_DURATION);
			}
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				assertThat(rule).containsKey("expr");
				assertThat(rule.keySet()).isSubsetOf("alert", "record", "expr", "for", "keep_firing_for", "labels",
						"annotations");
				assertThat(rule.containsKey("alert") ^ rule.containsKey("record"))
					.as("one of alert and record: %s", rule)
					.isTrue();
				assertThat(rule.get("expr")).isInstanceOfAny(String.class, Integer.class);
				if (rule.containsKey("record")) {
					assertThat((String) rule.get("record")).matches(METRIC_NAME);
					assertThat(rule).doesNotContainKeys("for", "annotations");
				}
				else {
					assertThat(rule.get("alert")).isInstanceOf(String.class);
				}
				if (rule.containsKey("for")) {
					assertThat(rule.get("for")).isInstanceOf(String.class).asString().matches(CRD_DURATION);
				}
				for (String map : List.of("labels", "annotations")) {
					((Map<String, Object>) rule.getOrDefault(map, Map.of())).forEach((key, value) -> {
						assertThat(key).matches(LABEL_NAME);
						assertThat(value).as("%s.%s of %s", map, key, rule.get("alert")).isInstanceOf(String.class);
					});
				}
			}
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void thePodMonitorScrapesThePortTheSamplesManifestNames() throws IOException {
		Map<String, Object> monitor = (Map<String, Object>) MonitoringKit.yaml(MonitoringKit.podMonitorFile());
		assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
		assertThat(monitor.get("kind")).isEqualTo("PodMonitor");
		Map<String, Object> spec = (Map<String, Object>) monitor.get("spec");
		Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("podMetricsEndpoints")).get(0);
		assertThat(endpoint).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
		String deployment = Files
			.readString(MonitoringKit.directory().resolveSibling("sample-app").resolve("k8s/deployment.yaml"));
		assertThat(deployment).contains("app: health-grpc-sample", "- name: http");
		assertThat(((Map<String, Object>) spec.get("selector")).get("matchLabels"))
			.isEqualTo(Map.of("app", "health-grpc-sample"));
	}

	/**
	 * What Grafana's import needs, and what makes the dashboard portable: the datasource
	 * is a variable that every panel and query uses, the instance and name variables
	 * exist, every query uses only known variables, panel ids are unique and the grid
	 * holds.
	 */
	@Test
	void theDashboardIsImportableWithTheDatasourceAsAVariable() {
		JsonNode dashboard = MonitoringKit.dashboard();
		assertThat(dashboard.path("title").asText()).isNotBlank();
		assertThat(dashboard.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
		assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
		assertThat(dashboard.has("id")).as("no id: Grafana assigns it on import").isFalse();
		assertThat(dashboard.has("__inputs")).as("no import-time inputs: the datasource is a variable").isFalse();
		Map<String, String> variables = new java.util.LinkedHashMap<>();
		dashboard.path("templating")
			.path("list")
			.forEach((variable) -> variables.put(variable.path("name").asText(), variable.path("type").asText()));
		assertThat(variables).containsEntry("datasource", "datasource")
			.containsEntry("instance", "query")
			.containsEntry("name", "query")
			.containsEntry("job", "query");
		dashboard.path("templating").path("list").forEach((variable) -> {
			if ("query".equals(variable.path("type").asText())) {
				assertThat(variable.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
				assertThat(variable.path("includeAll").asBoolean()).isTrue();
				assertThat(variable.path("allValue").asText()).isEqualTo(".*");
			}
		});
		assertThat(MonitoringKit.variableQueries()).containsOnlyKeys("job", "instance", "name");

		Set<Integer> ids = new HashSet<>();
		Set<String> titles = new HashSet<>();
		List<int[]> cells = new ArrayList<>();
		Set<String> types = new LinkedHashSet<>();
		for (JsonNode panel : dashboard.path("panels")) {
			String title = panel.path("title").asText();
			assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
			assertThat(titles.add(title)).as("unique title: %s", title).isTrue();
			JsonNode grid = panel.path("gridPos");
			int x = grid.path("x").asInt();
			int y = grid.path("y").asInt();
			int w = grid.path("w").asInt();
			int h = grid.path("h").asInt();
			assertThat(x + w).as("%s fits the 24 columns", title).isLessThanOrEqualTo(24);
			assertThat(w).isPositive();
			assertThat(h).isPositive();
			for (int[] cell : cells) {
				boolean overlaps = x < cell[0] + cell[2] && cell[0] < x + w && y < cell[1] + cell[3] && cell[1] < y + h;
				assertThat(overlaps).as("%s overlaps another panel", title).isFalse();
			}
			cells.add(new int[] { x, y, w, h });
			types.add(panel.path("type").asText());
			if ("row".equals(panel.path("type").asText())) {
				continue;
			}
			assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
			assertThat(panel.path("targets")).as(title).isNotEmpty();
			panel.path("targets").forEach((target) -> {
				assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
				assertThat(target.path("refId").asText()).as(title).isNotBlank();
				assertThat(target.path("expr").asText()).as(title).isNotBlank();
			});
		}
		assertThat(types).contains("stat", "state-timeline", "timeseries", "row");
		Pattern variable = Pattern.compile("\\$(\\{)?([a-zA-Z_]+)");
		for (PanelQuery query : MonitoringKit.panelQueries()) {
			Matcher matcher = variable.matcher(query.expr());
			while (matcher.find()) {
				assertThat(matcher.group(2)).as("variable in %s: %s", query.panel(), query.expr())
					.isIn("job", "instance", "name", "__rate_interval");
			}
		}
	}

	/** The panels the issue names are there. */
	@Test
	void theDashboardShowsStatusesChangesEvaluationTimeWatchStreamsAndDownstreams() {
		String all = MonitoringKit.panelQueries().stream().map(PanelQuery::expr).collect(Collectors.joining("\n"));
		assertThat(all).contains("grpc_health_status{", "grpc_health_status_transitions_total",
				"grpc_health_indicator_evaluation_seconds_sum", "grpc_health_indicator_evaluation_seconds_max",
				"grpc_health_watch_streams", "grpc_health_watch_rejected_total", "grpc_health_client_status",
				"grpc_health_client_watch_restarts_total", "grpc_health_maintenance",
				"grpc_health_damping_absorbed_total");
	}

	/**
	 * GitHub's anchors of the runbook page's headings: lower case, punctuation other than
	 * '-' and '_' dropped, spaces as '-'.
	 */
	static Set<String> readmeAnchors() throws IOException {
		Path readme = Path.of(SampleProcess.requiredProperty("monitoring.readme"));
		Set<String> anchors = new HashSet<>();
		boolean code = false;
		for (String line : Files.readAllLines(readme)) {
			if (line.startsWith("```")) {
				code = !code;
			}
			if (!code && line.startsWith("#")) {
				String heading = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
				anchors.add(heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
			}
		}
		return anchors;
	}

}
