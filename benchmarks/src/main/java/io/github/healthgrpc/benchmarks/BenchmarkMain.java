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

/**
 * Runs every scenario and writes {@code docs/benchmarks.md} and its charts in {@code docs/benchmarks/}.
 * <pre>
 * ./mvnw -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar            # the full run, a few minutes
 * java -jar benchmarks/target/benchmarks.jar --quick    # smaller sizes, for development
 * java -jar benchmarks/target/benchmarks.jar --scenarios=check,fanout --out=/tmp/bench
 * </pre>
 */
public final class BenchmarkMain {

	public static final String COMMAND = "./mvnw -B -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar";

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Settings settings = Settings.parse(args);
		Path docs = docsDirectory(settings);
		Path chartDirectory = docs.resolve("benchmarks");
		List<Scenario> all = List.of(new JmhScenario(), new CheckThroughputScenario(), new WatchFanOutScenario(),
				new SlowReaderScenario(), new PropagationScenario(), new StartupScenario(), new ShutdownScenario());
		List<Scenario> selected = all.stream().filter((s) -> settings.scenarios().contains(s.id())).toList();
		if (selected.isEmpty()) {
			throw new IllegalArgumentException("No scenario selected; known: "
					+ all.stream().map(Scenario::id).toList());
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
		String page = ResultsPage.render(settings, machine, sections, total,
				ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
		Files.writeString(docs.resolve("benchmarks.md"), page, StandardCharsets.UTF_8);
		log("Wrote " + docs.resolve("benchmarks.md") + " in " + Fmt.seconds(total));
		boolean failed = sections.stream().anyMatch((s) -> s.failure() != null);
		// Ends leftover non-daemon threads (gRPC executors) of the contenders.
		System.exit(failed ? 1 : 0);
	}

	static void log(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/** docs/ of the repository this runs in (found from the working directory), or --out. */
	private static Path docsDirectory(Settings settings) {
		if (settings.all().containsKey("out")) {
			return Path.of(settings.string("out")).toAbsolutePath();
		}
		Path dir = Path.of("").toAbsolutePath();
		for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
			if (Files.isRegularFile(candidate.resolve("benchmarks/pom.xml")) && Files.exists(candidate.resolve("mvnw"))) {
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
