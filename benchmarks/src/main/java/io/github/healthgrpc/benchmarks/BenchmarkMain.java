package io.github.healthgrpc.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.healthgrpc.benchmarks.report.Charts;
import io.github.healthgrpc.benchmarks.report.Page;
import io.github.healthgrpc.benchmarks.report.Results;
import io.github.healthgrpc.benchmarks.scenario.Scenario;
import io.github.healthgrpc.benchmarks.scenario.Settings;
import io.github.healthgrpc.benchmarks.support.Machine;

/**
 * Runs the scenarios (from the repository's root) and writes what each measured to
 * {@code docs/benchmarks/<scenario>.json}, keeping the earlier results of a scenario that
 * fails or is not run; then renders {@code docs/benchmarks.md} and its charts from every
 * result there. {@code --render} runs nothing; {@code --out=<directory>} writes there
 * instead of {@code docs}; {@code --quick} and the settings are in {@link Settings}.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		List<String> arguments = List.of(args);
		Settings settings = new Settings(arguments);
		Path docs = Path.of(arguments.stream()
			.filter((arg) -> arg.startsWith("--out="))
			.map((arg) -> arg.substring(6))
			.findFirst()
			.orElse("docs"));
		Path directory = Files.createDirectories(docs.resolve("benchmarks"));
		boolean failed = false;
		for (Scenario scenario : Scenario.ALL) {
			if (arguments.contains("--render")
					|| !List.of(settings.string("scenarios").split(",")).contains(scenario.id())) {
				continue;
			}
			System.out.println("== " + scenario.id());
			Object machine = Machine.describe();
			long start = System.nanoTime();
			try {
				scenario.run(settings)
					.put("meta",
							Results.row("date",
									ZonedDateTime.now(ZoneOffset.UTC)
										.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
									"seconds", Math.round((System.nanoTime() - start) / 1e9), "settings",
									settings.describe(), "machine", machine))
					.write(directory.resolve(scenario.id() + ".json"));
			}
			catch (Exception | Error ex) {
				System.err.println("Scenario " + scenario.id() + " failed; its earlier results stay:");
				ex.printStackTrace();
				failed = true;
			}
		}
		ObjectNode results = Page.results(directory);
		Files.writeString(docs.resolve("benchmarks.md"), Page.render(results), StandardCharsets.UTF_8);
		Charts.drawAll(results, directory);
		System.out.println("Wrote " + docs.resolve("benchmarks.md") + " and its charts");
		// Ends leftover non-daemon threads of gRPC.
		System.exit(failed ? 1 : 0);
	}

}
