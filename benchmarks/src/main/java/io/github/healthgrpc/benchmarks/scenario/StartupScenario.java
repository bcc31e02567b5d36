package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;

/** Scenario 5: what health-grpc adds to an application's start. */
public final class StartupScenario implements Scenario {

	private static final String WITHOUT = "net.devh + Actuator, no health-grpc";

	private static final String WITH = "with health-grpc-starter";

	private static final String DISABLED = "health-grpc present, grpc.health.enabled=false";

	@Override
	public String id() {
		return "startup";
	}

	@Override
	public String title() {
		return "5. Start-up cost";
	}

	/** A variant's start times, nanoseconds. */
	record Starts(Samples wall, Samples context, List<String> healthServices) {
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int runs = settings.integer("startup.runs");
		Map<String, Starts> starts = new LinkedHashMap<>();
		for (String variant : List.of(WITHOUT, WITH, DISABLED)) {
			starts.put(variant, new Starts(new Samples(), new Samples(), new ArrayList<>()));
		}
		List<String> variants = new ArrayList<>(starts.keySet());
		// Round 0 warms the file cache and is not counted; the order rotates so no variant always goes first.
		for (int round = 0; round <= runs; round++) {
			for (int i = 0; i < variants.size(); i++) {
				String variant = variants.get((i + round) % variants.size());
				long[] times = startOnce(variant);
				if (round > 0) {
					Starts s = starts.get(variant);
					s.wall().add(times[0]);
					s.context().add(times[1]);
				}
			}
		}
		report(section, charts, starts, runs);
	}

	private static long[] startOnce(String variant) {
		boolean with = !variant.equals(WITHOUT);
		List<String> extra = variant.equals(DISABLED) ? List.of("--grpc.health.enabled=false") : List.of();
		try (ChildJvm app = AppRuns.start("startup", with, extra)) {
			String ready = app.expect("READY", Duration.ofSeconds(120));
			long wall = System.nanoTime() - app.startedNanos();
			long context = Long.parseLong(AppRuns.field(ready, "contextMs")) * 1_000_000;
			String health = AppRuns.field(ready, "health");
			boolean ours = health.contains("HealthGrpcService");
			if (ours != variant.equals(WITH)) {
				throw new IllegalStateException(variant + " started with health service(s) " + health);
			}
			app.send("CLOSE");
			app.expect("CLOSED", Duration.ofSeconds(60));
			app.awaitExit(Duration.ofSeconds(30));
			System.out.printf("   %-48s ready after %s (context %s)%n", variant, Fmt.ms(wall), Fmt.ms(context));
			return new long[] { wall, context };
		}
	}

	private static void report(Section section, Charts charts, Map<String, Starts> starts, int runs) {
		double without = starts.get(WITHOUT).wall().percentile(50);
		double with = starts.get(WITH).wall().percentile(50);
		double added = with - without;
		double contextAdded = starts.get(WITH).context().percentile(50) - starts.get(WITHOUT).context().percentile(50);
		double share = added / without;
		section.verdict("Start-up: health-grpc adds < 100 ms or < 5%",
				String.format(java.util.Locale.ROOT, "median %s → %s: %s%s (%.1f%%); Spring context alone %s%s",
						Fmt.ms(without), Fmt.ms(with), (added >= 0) ? "+" : "", Fmt.ms(added), share * 100,
						(contextAdded >= 0) ? "+" : "", Fmt.ms(contextAdded)),
				added < 100e6 || share < 0.05);
		section.paragraph("The same minimal application (`BenchmarkApp`: `@SpringBootApplication`, net.devh's gRPC "
				+ "server on a random port of 127.0.0.1, Actuator with the Kubernetes probes on, logging at WARN) is "
				+ "started " + runs + " times per variant in fresh JVMs (" + String.join(" ", AppRuns.JVM_OPTIONS)
				+ "), the variants taking turns, after one uncounted round. *Ready* is measured by the benchmark from "
				+ "the moment it starts the process until the application prints that it is ready (after "
				+ "`ApplicationReadyEvent`, so the gRPC server is listening and, with health-grpc, the first "
				+ "evaluation of the indicators is done); *context* is Spring Boot's own figure for "
				+ "`SpringApplication.run` (`ApplicationReadyEvent.getTimeTaken()`). Without health-grpc, net.devh "
				+ "serves its own health service; the third variant keeps health-grpc's jars on the class path "
				+ "but switches it off.");
		List<List<String>> rows = new ArrayList<>();
		starts.forEach((name, s) -> rows.add(List.of(name, Fmt.ms(s.wall().percentile(50)),
				Fmt.ms(s.wall().min()) + " – " + Fmt.ms(s.wall().max()), Fmt.ms(s.context().percentile(50)),
				Fmt.ms(s.wall().percentile(50) - without))));
		section.table(List.of("Variant", "ready (median)", "ready (min – max)", "context (median)", "vs no health-grpc"),
				rows);
		List<String> names = new ArrayList<>(starts.keySet());
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		series.put("ready (process start to ready), median",
				names.stream().map((n) -> Math.round(starts.get(n).wall().percentile(50) / 1e6)).toList());
		series.put("Spring context, median",
				names.stream().map((n) -> Math.round(starts.get(n).context().percentile(50) / 1e6)).toList());
		section.chart(charts.bars("startup", "Application start, fresh JVM each time", "ms", false,
				List.of("no health-grpc", "with health-grpc", "present, disabled"), series));
	}

}
