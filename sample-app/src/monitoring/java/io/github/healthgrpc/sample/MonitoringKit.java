package io.github.healthgrpc.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring kit of the repository ({@code monitoring/}), read as Prometheus and
 * Grafana read it: the rule groups, the Grafana dashboard's queries and variables, and
 * which labels each of them uses. The directory comes from the system property
 * {@code monitoring.dir}, which sample-app's pom sets.
 */
final class MonitoringKit {

	/** {@code {{instance}}} in a Grafana legend. */
	private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

	/** {@code $labels.instance} in an alert's annotation template. */
	private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");

	/**
	 * The only label that a series may lack while a legend or template uses it: the name
	 * "" is exported as {@code service=""}, which Prometheus stores as no label at all.
	 */
	static final String SERVICE = "service";

	private MonitoringKit() {
	}

	static Path directory() {
		return Path.of(SampleProcess.requiredProperty("monitoring.dir")).toAbsolutePath().normalize();
	}

	static Path rulesFile() {
		return directory().resolve("prometheus/grpc-health-rules.yml");
	}

	static Path rulesTestFile() {
		return directory().resolve("prometheus/grpc-health-rules-test.yml");
	}

	static Path prometheusRuleFile() {
		return directory().resolve("kubernetes/prometheus-rule.yaml");
	}

	static Path podMonitorFile() {
		return directory().resolve("kubernetes/pod-monitor.yaml");
	}

	static Path dashboardFile() {
		return directory().resolve("grafana/grpc-health-dashboard.json");
	}

	/** The rule groups of the rules file, as Prometheus parses YAML. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> ruleGroups() {
		Map<String, Object> file = (Map<String, Object>) yaml(rulesFile());
		return (List<Map<String, Object>>) file.get("groups");
	}

	static List<Rule> rules() {
		List<Rule> rules = new ArrayList<>();
		for (Map<String, Object> group : ruleGroups()) {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> groupRules = (List<Map<String, Object>>) group.get("rules");
			for (Map<String, Object> rule : groupRules) {
				rules.add(Rule.of(rule));
			}
		}
		return rules;
	}

	static List<Rule> alerts() {
		return rules().stream().filter(Rule::isAlert).toList();
	}

	static Rule alert(String name) {
		return alerts().stream()
			.filter((rule) -> rule.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no alert " + name + " in " + rulesFile()));
	}

	static JsonNode dashboard() {
		try {
			return new ObjectMapper().readTree(dashboardFile().toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every panel query of the dashboard, in the order of the panels. */
	static List<PanelQuery> panelQueries() {
		List<PanelQuery> queries = new ArrayList<>();
		for (JsonNode panel : dashboard().path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				String legend = target.path("legendFormat").asText("");
				queries.add(new PanelQuery(panel.path("title").asText(), target.path("expr").asText(),
						target.path("instant").asBoolean(false), legend, labelsIn(LEGEND_LABEL, legend)));
			}
		}
		return queries;
	}

	/**
	 * The dashboard's query variables: {@code label_values(selector, label)}, by name.
	 */
	static Map<String, VariableQuery> variableQueries() {
		Pattern labelValues = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
		Map<String, VariableQuery> variables = new LinkedHashMap<>();
		for (JsonNode variable : dashboard().path("templating").path("list")) {
			if (!"query".equals(variable.path("type").asText())) {
				continue;
			}
			String query = variable.path("query").asText();
			Matcher matcher = labelValues.matcher(query);
			if (!matcher.matches()) {
				throw new IllegalStateException(
						"variable " + variable.path("name").asText() + ": not label_values(selector, label): " + query);
			}
			variables.put(variable.path("name").asText(), new VariableQuery(matcher.group(1), matcher.group(2)));
		}
		return variables;
	}

	/**
	 * A dashboard query as Prometheus receives it from Grafana with every variable at
	 * "All" (its allValue, {@code .*}), and {@code $__rate_interval} as given.
	 */
	static String substitute(String expr, String rateInterval) {
		return expr.replace("$__rate_interval", rateInterval)
			.replace("$job", ".*")
			.replace("$instance", ".*")
			.replace("$name", ".*");
	}

	static Object yaml(Path file) {
		try {
			return new Yaml().load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Set<String> labelsIn(Pattern pattern, String text) {
		Set<String> labels = new LinkedHashSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			labels.add(matcher.group(1));
		}
		return labels;
	}

	/**
	 * A recording or alerting rule.
	 *
	 * @param name the alert's name or the recorded series' name
	 * @param isAlert whether it is an alerting rule
	 * @param expr its expression
	 * @param annotations the alert's annotations (empty for a recording rule)
	 */
	record Rule(String name, boolean isAlert, String expr, Map<String, String> annotations) {

		@SuppressWarnings("unchecked")
		static Rule of(Map<String, Object> rule) {
			boolean alert = rule.containsKey("alert");
			Map<String, String> annotations = (Map<String, String>) rule.getOrDefault("annotations", Map.of());
			return new Rule((String) rule.get(alert ? "alert" : "record"), alert, (String) rule.get("expr"),
					annotations);
		}

		/** The labels its annotations' templates read ({@code $labels.x}). */
		Set<String> templateLabels() {
			Set<String> labels = new LinkedHashSet<>();
			this.annotations.values().forEach((text) -> labels.addAll(labelsIn(TEMPLATE_LABEL, text)));
			return labels;
		}

	}

	/**
	 * One query of a dashboard panel.
	 *
	 * @param panel the panel's title
	 * @param expr the query, with Grafana's variables
	 * @param instant whether Grafana runs it as an instant query
	 * @param legend the legend format
	 * @param labels the labels the legend shows
	 */
	record PanelQuery(String panel, String expr, boolean instant, String legend, Set<String> labels) {

	}

	/**
	 * A variable's {@code label_values(selector, label)}.
	 *
	 * @param selector the series selector, with Grafana's variables
	 * @param label the label whose values it lists
	 */
	record VariableQuery(String selector, String label) {

	}

}
