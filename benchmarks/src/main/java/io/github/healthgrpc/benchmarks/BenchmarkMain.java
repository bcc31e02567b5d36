package io.github.healthgrpc.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.healthgrpc.benchmarks.scenario.Boot4CheckScenario;
import io.github.healthgrpc.benchmarks.scenario.Boot4HangScenario;
import io.github.healthgrpc.benchmarks.scenario.Boot4ShutdownScenario;
import io.github.healthgrpc.benchmarks.scenario.Boot4StartupScenario;
import io.github.healthgrpc.benchmarks.scenario.CheckThroughputScenario;
import io.github.healthgrpc.benchmarks.scenario.JmhScenario;
import io.github.healthgrpc.benchmarks.scenario.PropagationScenario;
import io.github.healthgrpc.benchmarks.scenario.Scenario;
import io.github.healthgrpc.benchmarks.scenario.ShutdownScenario;
import io.github.healthgrpc.benchmarks.scenario.SlowReaderScenario;
import io.github.healthgrpc.benchmarks.scenario.StartupScenario;
import io.github.healthgrpc.benchmarks.scenario.WatchFanOutScenario;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Machine;
import io.github.healthgrpc.benchmarks.support.Section;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs every scenario and writes {@code docs/benchmarks.md} and its charts in
 * {@code docs/benchmarks/}. <pre>
 * ./mvnw -B -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar            # the full run, a few minutes
 * java -jar benchmarks/target/benchmarks.jar --quick    # smaller sizes, for development
 * java -jar benchmarks/target/benchmarks.jar --scenarios=check,fanout --out=/tmp/bench
 * java -jar benchmarks/target/benchmarks.jar --help     # every option, with its default
 * </pre>
 */
@Command(name = "java -jar benchmarks/target/benchmarks.jar", sortOptions = false, abbreviateSynopsis = true,
		usageHelpAutoWidth = true,
		description = {
				"Runs the benchmark scenarios and writes docs/benchmarks.md and its charts in docs/benchmarks/.",
				"Built with: ./mvnw -B -Pbenchmarks -pl benchmarks -am package -DskipTests", "" })
public final class BenchmarkMain implements Callable<Integer> {

	/** What builds the benchmarks, and the Spring Boot 4.1 application they start. */
	public static final String BUILD = "./mvnw -B -Pbenchmarks -pl benchmarks -am package -DskipTests";

	public static final String COMMAND = BUILD + " && java -jar benchmarks/target/benchmarks.jar";

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Shows this help and exits.")
	private boolean help;

	@Option(names = "--quick", description = "Smaller sizes, for a smoke test during development.")
	private boolean quick;

	@Option(names = "--out", paramLabel = "<directory>",
			description = "Where benchmarks.md and its charts go. Default: docs/ of the repository this runs in.")
	private String out;

	@Spec
	private CommandSpec spec;

	private BenchmarkMain() {
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		CommandLine command = new CommandLine(new BenchmarkMain());
		Settings.addOptions(command.getCommandSpec());
		// Ends leftover non-daemon threads (gRPC executors) of the contenders.
		System.exit(command.execute(args));
	}

	@Override
	public Integer call() throws IOException {
		Settings settings = Settings.of(this.spec.commandLine().getParseResult(), this.quick, this.out);
		Path docs = docsDirectory(settings);
		Path chartDirectory = docs.resolve("benchmarks");
		List<Scenario> all = List.of(new JmhScenario(), new CheckThroughputScenario(), new WatchFanOutScenario(),
				new SlowReaderScenario(), new PropagationScenario(), new StartupScenario(), new ShutdownScenario(),
				new Boot4CheckScenario(), new Boot4HangScenario(), new Boot4StartupScenario(),
				new Boot4ShutdownScenario());
		// "boot4" selects every Boot 4.1 scenario.
		List<Scenario> selected = all.stream()
			.filter((s) -> settings.scenarios().contains(s.id())
					|| (s.id().startsWith("boot4-") && settings.scenarios().contains("boot4")))
			.toList();
		if (selected.isEmpty()) {
			throw new ParameterException(this.spec.commandLine(),
					"No scenario selected; known: " + all.stream().map(Scenario::id).toList());
		}
		Files.createDirectories(chartDirectory);
		if (selected.size() == all.size()) {
			deleteOldCharts(chartDirectory);
		}
		Charts charts = new Charts(chartDirectory, "benchmarks");
		Map<String, String> machine = Machine.describe();
		log("Writing " + docs.resolve("benchmarks.md") + " (" + (settings.quick() ? "quick" : "full") + " run: "
				+ selected.stream().map(Scenario::id).toList() + ")");
		long start = System.nanoTime();
		List<Section> sections = new ArrayList<>();
		for (Scenario scenario : selected) {
			Section section = new Section(scenario.id(), scenario.title());
			log("== " + scenario.title());
			long scenarioStart = System.nanoTime();
			try {
				scenario.run(settings, charts, section);
			}
			catch (Exception | Error ex) {
				section.failed(ex);
				System.err.println("Scenario " + scenario.id() + " failed:");
				ex.printStackTrace();
			}
			section.elapsed(System.nanoTime() - scenarioStart);
			log("   done in " + Fmt.seconds(section.elapsedNanos()));
			for (Section.Verdict verdict : section.verdicts()) {
				log("   " + verdict.outcome().label().replace("*", "").toUpperCase() + ": " + verdict.target() + " -> "
						+ verdict.measured());
			}
			sections.add(section);
		}
		long total = System.nanoTime() - start;
		String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
		Path pagePath = docs.resolve("benchmarks.md");
		String previousRun = null;
		if (selected.size() < all.size() && Files.isRegularFile(pagePath)) {
			// A run of some scenarios only replaces their sections and keeps the others.
			String previous = Files.readString(pagePath, StandardCharsets.UTF_8);
			Map<String, Section> kept = ResultsPage.keptSections(previous,
					all.stream().map((s) -> new String[] { s.id(), s.title() }).toList());
			previousRun = ResultsPage.generatedLine(previous);
			List<Section> merged = new ArrayList<>();
			for (Scenario scenario : all) {
				if (selected.contains(scenario)) {
					merged.add(sections.get(selected.indexOf(scenario)));
				}
				else if (kept.containsKey(scenario.title())) {
					merged.add(kept.get(scenario.title()));
				}
			}
			sections = merged;
		}
		String page = ResultsPage.render(settings, machine, sections, total, date, previousRun);
		Files.writeString(docs.resolve("benchmarks.md"), page, StandardCharsets.UTF_8);
		log("Wrote " + docs.resolve("benchmarks.md") + " in " + Fmt.seconds(total));
		boolean failed = sections.stream().anyMatch((s) -> s.failure() != null && s.keptSummary() == null);
		return failed ? 1 : 0;
	}

	static void log(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/**
	 * docs/ of the repository this runs in (found from the working directory), or --out.
	 */
	private static Path docsDirectory(Settings settings) {
		if (settings.all().containsKey("out")) {
			return Path.of(settings.string("out")).toAbsolutePath();
		}
		Path dir = Path.of("").toAbsolutePath();
		for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
			if (Files.isRegularFile(candidate.resolve("benchmarks/pom.xml"))
					&& Files.exists(candidate.resolve("mvnw"))) {
				return candidate.resolve("docs");
			}
		}
		return dir.resolve("docs");
	}

	private static void deleteOldCharts(Path directory) throws IOException {
		try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "*.png")) {
			for (Path file : old) {
				Files.delete(file);
			}
		}
	}

}
