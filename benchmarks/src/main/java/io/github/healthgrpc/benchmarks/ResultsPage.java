package io.github.healthgrpc.benchmarks;

import java.util.List;
import java.util.Map;

import io.github.healthgrpc.benchmarks.scenario.AppRuns;
import io.github.healthgrpc.benchmarks.scenario.Boot4Runs;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Machine;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;

/**
 * docs/benchmarks.md: how it was made, on what, the summary against the targets, then
 * each scenario.
 */
final class ResultsPage {

	private ResultsPage() {
	}

	/** The line of the page that says when and how it was generated. */
	static final String GENERATED = "Generated ";

	static String render(Settings settings, Map<String, String> machine, List<Section> sections, long totalNanos,
			String date) {
		return render(settings, machine, sections, totalNanos, date, null);
	}

	/**
	 * @param previousRun for a run of some scenarios only, whose other sections are kept
	 * from the page as it was: that page's line saying when it was generated. Only
	 * whether there is one matters: each section says itself when it was measured, so
	 * that the header does not carry the history of every partial run.
	 */
	static String render(Settings settings, Map<String, String> machine, List<Section> sections, long totalNanos,
			String date, String previousRun) {
		StringBuilder page = new StringBuilder();
		page.append("# Benchmarks\n\n");
		page.append("health-grpc measured against the alternatives, in one run on one machine. On the Spring Boot "
				+ "3.5 line (scenarios 0 to 6): grpc-java's stock health service "
				+ "(`io.grpc.protobuf.services.HealthStatusManager`, what net.devh's grpc-server-spring-boot-starter "
				+ "serves today) and a per-call Actuator bridge (Check evaluates Actuator's `HealthEndpoint` on every "
				+ "call, the approach of net.devh's unreleased ACTUATOR mode). On the Spring Boot 4.1 line "
				+ "(scenarios 7 to 10): Spring Boot 4.1's own gRPC health service (`spring.grpc.server.health.*`), "
				+ "in the same application with the same indicators. Every ratio below compares figures from this "
				+ "same run.\n\n");
		page.append("This page and its charts are generated; do not edit them by hand. To regenerate them "
				+ "(JDK 17 and the Maven wrapper are all it needs; servers listen on 127.0.0.1 only):\n\n");
		page.append("```bash\n").append(BenchmarkMain.COMMAND).append("\n```\n\n");
		page.append(
				"It takes about twenty-five minutes on 2 cores (about a third of it the JMH fan-out, run in pairs of "
						+ "forks and side by side, and a third the Spring Boot 4.1 scenarios, which start fresh JVMs and wait for update "
						+ "cycles of 5 s) and writes `docs/benchmarks.md` and " + "`docs/benchmarks/*.png`. "
						+ "`--quick` runs smaller sizes for a smoke test; `--scenarios=check,fanout` runs some scenarios "
						+ "only (`--scenarios=boot4`: the Spring Boot 4.1 ones); any size can be set, e.g. "
						+ "`--fanout.watchers=20000` (`java -jar benchmarks/target/benchmarks.jar --help` lists every "
						+ "setting with its default). The build also packages `benchmarks-boot4-app`, the Spring Boot 4.1 "
						+ "application that the Boot 4.1 scenarios start in child JVMs (it has Boot 4.1's parent, so it is "
						+ "a module of its own), and the Spring Boot 4.1 line's modules it depends on. Both modules are "
						+ "built only with the `benchmarks` profile, so they stay out of `./mvnw -B verify`. Percentiles "
						+ "(p50, p99, max) are HdrHistogram's, by nearest rank to " + Samples.SIGNIFICANT_DIGITS
						+ " significant digits.\n\n");
		Map<String, String> differences = settings.differencesFromFull();
		differences.remove("out");
		String kind = settings.quick() ? "a **quick** run (smaller sizes than the documented full run)"
				: differences.isEmpty() ? "the documented full run" : "a full run with changed settings";
		if (previousRun != null) {
			page.append(GENERATED)
				.append(date)
				.append(" by a run of some scenarios only (")
				.append(String.join(", ",
						sections.stream().filter((s) -> s.keptSummary() == null).map(Section::title).toList()))
				.append(") in ")
				.append(Fmt.seconds(totalNanos))
				.append(", with the settings of the documented full run")
				.append(differences.isEmpty() ? "" : " except " + differences)
				.append("; the other sections and their summary rows are kept from earlier runs, and each section "
						+ "ends with when it was measured, at which commit and under what load. The machine below "
						+ "is the one of the latest run.");
		}
		else {
			page.append(GENERATED)
				.append(date)
				.append(" by ")
				.append(kind)
				.append(" in ")
				.append(Fmt.seconds(totalNanos))
				.append(".");
			if (!differences.isEmpty()) {
				page.append(" Settings that differ from the full run: ").append(differences).append('.');
			}
		}
		page.append("\n\n");

		page.append("## Machine\n\n| | |\n|---|---|\n");
		machine.forEach((name, value) -> page.append("| ").append(name).append(" | ").append(value).append(" |\n"));
		page.append("\nClient and server share the machine's cores (both on 127.0.0.1), so absolute figures are "
				+ "lower than on a server with its own cores; the ratios are what the targets are about. A load average well "
				+ "above the number of cores means that other work ran beside the benchmark: times are then inflated "
				+ "and their ratios noisy (CPU time and bytes allocated per operation much less so), and the "
				+ "verdicts that have a control measurement say when they cannot be given.\n\n");

		page.append("## Summary\n\n| Scenario | Target | Measured | Verdict |\n|---|---|---|---|\n");
		for (Section section : sections) {
			String link = "[" + section.title() + "](#" + section.anchor() + ")";
			if (section.keptSummary() != null) {
				page.append(section.keptSummary());
				continue;
			}
			if (section.failure() != null) {
				page.append("| ")
					.append(link)
					.append(" | | the run failed: `")
					.append(section.failure())
					.append("` | **failed** |\n");
			}
			for (Section.Verdict verdict : section.verdicts()) {
				page.append("| ")
					.append(link)
					.append(" | ")
					.append(verdict.target())
					.append(" | ")
					.append(verdict.measured())
					.append(" | ")
					.append(verdict.outcome().label())
					.append(" |\n");
			}
		}
		page.append('\n');
		long missed = sections.stream()
			.flatMap((s) -> s.verdicts().stream())
			.filter((v) -> v.outcome() == Section.Outcome.MISSED)
			.count() + keptRows(sections, Section.Outcome.MISSED);
		long unresolved = sections.stream()
			.flatMap((s) -> s.verdicts().stream())
			.filter((v) -> v.outcome() == Section.Outcome.UNRESOLVED)
			.count() + keptRows(sections, Section.Outcome.UNRESOLVED);
		page.append((missed == 0) ? "No target is missed in this run"
				: missed + " target(s) missed in this run: see the scenario for the measured figures and the cause");
		page.append((unresolved == 0) ? ".\n\n"
				: "; " + unresolved + " verdict(s) could not be given because the run's own control measurement "
						+ "was noisier than the margin the target allows (see the scenario); regenerate on a quiet "
						+ "machine.\n\n");

		page.append("## The contenders\n\n");
		page.append("- **health-grpc** (ours): `HealthGrpcService` over a `HealthStatusTable`; Check and List read "
				+ "the table, Watch streams hold at most one pending status. Where Actuator indicators feed it, "
				+ "its `HealthEngine` evaluates them on a background thread every refresh interval.\n");
		page.append("- **stock**: `HealthStatusManager.getHealthService()` from grpc-services "
				+ "(grpc-java's `HealthServiceImpl`), statuses set by the benchmark.\n");
		page.append("- **per-call bridge**: a `BindableService` in this module whose Check calls "
				+ "`HealthEndpoint.health()` (or `healthForPath`) on every call and maps UP to SERVING; Watch is "
				+ "UNIMPLEMENTED, as in net.devh's ACTUATOR mode.\n");
		page.append("- **holding service** (floor for memory): a server-streaming method that sends one message "
				+ "and holds the stream open, doing nothing else.\n\n");
		page.append("On Spring Boot 4.1 (scenarios 7 to 10) both contenders are the same application, "
				+ "`Boot4BenchmarkApp` in `benchmarks-boot4-app`, started in fresh JVMs with the same JVM options ("
				+ String.join(" ", AppRuns.JVM_OPTIONS) + ") and the same arguments (`"
				+ String.join(" ", Boot4Runs.COMMON_ARGS) + "`): Spring Boot's own gRPC server (Spring gRPC, "
				+ "Netty) and Actuator, one gRPC service of its own (`benchmark.Echo`: Spring Boot starts a gRPC "
				+ "server only for an application that has one), and two health indicators of its own next to the "
				+ "ones Spring Boot configures: `db`, which the benchmark switches UP or DOWN, and `downstream`, "
				+ "which the benchmark can make hang."
				+ ((Boot4Runs.contributors() != null) ? " Its health contributors, as Spring Boot registered them "
						+ "in this run: " + codeList(Boot4Runs.contributors()) + "; the server interceptors Spring "
						+ "Boot gave it (on every call, whichever health service): "
						+ codeList(Boot4Runs.interceptors()) + "." : "")
				+ "\n\n");
		page.append("- **health-grpc (Boot 4.1)**: with `io.github.healthgrpc:health-grpc-boot4-starter` on the class "
				+ "path, at its defaults (`grpc.health.*`: refresh every 5 s, 2 s per indicator; scenario 10 adds a "
				+ "drain delay); Spring Boot's own health service is switched off by the starter.\n");
		page.append("- **Boot 4.1 built-in**: the same class path without health-grpc's jars, so Spring Boot 4.1 "
				+ "serves its own health service: grpc-java's `HealthStatusManager`, updated by Spring Boot's "
				+ "`GrpcServerHealthScheduler` every 5 s, the first time 5 s after the server started, calling the "
				+ "indicators one after another with no timeout. It publishes `\"\"` and the names it is told to; "
				+ "the benchmarks give it `" + String.join(" ", Boot4Runs.BUILT_IN_ARGS).replace("--", "")
				+ "` and leave every other `spring.grpc.server.health.*` setting at its default.\n\n");

		for (Section section : sections) {
			page.append("## ").append(section.title()).append("\n\n");
			if (section.keptSummary() != null) {
				page.append(section.body());
				continue;
			}
			if (section.failure() != null) {
				page.append("**This scenario failed in this run:** `").append(section.failure()).append("`\n\n");
			}
			page.append(section.body());
			page.append("_Measured ")
				.append(date)
				.append(" at commit ")
				.append(machine.getOrDefault("Commit", "unknown"))
				.append(", load average when the run started ")
				.append(machine.getOrDefault(Machine.LOAD_AVERAGE, "unknown"))
				.append("; scenario run time: ")
				.append(Fmt.seconds(section.elapsedNanos()))
				.append("._\n\n");
		}
		return page.toString();
	}

	private static long keptRows(List<Section> sections, Section.Outcome outcome) {
		return sections.stream()
			.filter((s) -> s.keptSummary() != null)
			.flatMap((s) -> s.keptSummary().lines())
			.filter((row) -> row.endsWith("| " + outcome.label() + " |"))
			.count();
	}

	/**
	 * The sections of a page written before, by title: its summary rows and its text, for
	 * a run that regenerates some scenarios only.
	 */
	static Map<String, Section> keptSections(String page, List<String[]> scenarios) {
		Map<String, Section> kept = new java.util.LinkedHashMap<>();
		for (String[] scenario : scenarios) {
			String id = scenario[0];
			String title = scenario[1];
			String heading = "\n## " + title + "\n\n";
			int start = page.indexOf(heading);
			if (start < 0) {
				continue;
			}
			int bodyStart = start + heading.length();
			int end = page.indexOf("\n## ", bodyStart);
			String body = page.substring(bodyStart, (end < 0) ? page.length() : end + 1);
			Section probe = new Section(id, title);
			String prefix = "| [" + title + "](#" + probe.anchor() + ") |";
			StringBuilder rows = new StringBuilder();
			page.lines().filter((line) -> line.startsWith(prefix)).forEach((line) -> rows.append(line).append('\n'));
			kept.put(title, Section.kept(id, title, rows.toString(), body));
		}
		return kept;
	}

	/** The line of a page that says when and how it was generated, or {@code null}. */
	static String generatedLine(String page) {
		return page.lines().filter((line) -> line.startsWith(GENERATED)).findFirst().orElse(null);
	}

	private static String codeList(String names) {
		return String.join(", ", java.util.Arrays.stream(names.split(",")).map((n) -> "`" + n + "`").toList());
	}

}
