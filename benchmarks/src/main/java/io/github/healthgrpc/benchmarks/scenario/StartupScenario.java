package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

	/**
	 * One start, nanoseconds.
	 *
	 * @param wall from starting the process to its ready line
	 * @param context Spring Boot's own figure for SpringApplication.run
	 * @param cpu CPU time the process used until ready, all threads
	 */
	record Start(long wall, long context, long cpu) {
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int runs = settings.integer("startup.runs");
		Map<String, List<Start>> starts = new LinkedHashMap<>();
		for (String variant : List.of(WITHOUT, WITH, DISABLED)) {
			starts.put(variant, new ArrayList<>());
		}
		List<String> variants = new ArrayList<>(starts.keySet());
		// Round 0 warms the file cache and is not counted; the order rotates so no
		// variant always goes first.
		for (int round = 0; round <= runs; round++) {
			for (int i = 0; i < variants.size(); i++) {
				String variant = variants.get((i + round) % variants.size());
				Start start = startOnce(variant);
				if (round > 0) {
					starts.get(variant).add(start);
				}
			}
		}
		report(section, charts, starts, runs);
	}

	private static Start startOnce(String variant) {
		boolean with = !variant.equals(WITHOUT);
		List<String> extra = variant.equals(DISABLED) ? List.of("--grpc.health.enabled=false") : List.of();
		try (ChildJvm app = AppRuns.start("startup", with, extra)) {
			String ready = app.expect("READY", Duration.ofSeconds(120));
			long wall = System.nanoTime() - app.startedNanos();
			long context = Long.parseLong(AppRuns.field(ready, "contextMs")) * 1_000_000;
			long cpu = Long.parseLong(AppRuns.field(ready, "cpuMs")) * 1_000_000;
			String health = AppRuns.field(ready, "health");
			boolean ours = health.contains("HealthGrpcService");
			if (ours != variant.equals(WITH)) {
				throw new IllegalStateException(variant + " started with health service(s) " + health);
			}
			app.send("CLOSE");
			app.expect("CLOSED", Duration.ofSeconds(60));
			app.awaitExit(Duration.ofSeconds(30));
			System.out.printf("   %-48s ready after %s (context %s, CPU %s)%n", variant, Fmt.ms(wall), Fmt.ms(context),
					Fmt.ms(cpu));
			return new Start(wall, context, cpu);
		}
	}

	/**
	 * Per round, a figure of one variant minus the same figure of the variant without
	 * health-grpc.
	 */
	private static Samples added(Map<String, List<Start>> starts, String variant,
			java.util.function.ToLongFunction<Start> figure) {
		List<Start> base = starts.get(WITHOUT);
		List<Start> other = starts.get(variant);
		long[] differences = new long[Math.min(base.size(), other.size())];
		for (int i = 0; i < differences.length; i++) {
			differences[i] = figure.applyAsLong(other.get(i)) - figure.applyAsLong(base.get(i));
		}
		// A difference can be negative: the samples are shifted by the lowest one.
		Samples samples = Samples.atLeast(java.util.Arrays.stream(differences).min().orElse(0));
		java.util.Arrays.stream(differences).forEach(samples::add);
		return samples;
	}

	private static Samples of(List<Start> starts, java.util.function.ToLongFunction<Start> figure) {
		Samples samples = new Samples();
		starts.forEach((s) -> samples.add(figure.applyAsLong(s)));
		return samples;
	}

	private static String signed(double nanos) {
		return ((nanos >= 0) ? "+" : "−") + Fmt.ms(Math.abs(nanos));
	}

	private static void report(Section section, Charts charts, Map<String, List<Start>> starts, int runs) {
		double without = of(starts.get(WITHOUT), Start::wall).percentile(50);
		Samples addedWall = added(starts, WITH, Start::wall);
		Samples addedCpu = added(starts, WITH, Start::cpu);
		Samples addedContext = added(starts, WITH, Start::context);
		double added = addedWall.percentile(50);
		double share = added / without;
		double spread = addedWall.percentile(75) - addedWall.percentile(25);
		// Paired differences spread wider than the 100 ms the target allows cannot settle
		// it.
		boolean resolvable = spread <= 100e6 || (added + spread / 2 < 100e6);
		section.verdict("Start-up: health-grpc adds < 100 ms or < 5%",
				String.format(Locale.ROOT, "median of paired differences %s (%.1f%% of %s); Spring context %s; CPU %s",
						signed(added), share * 100, Fmt.ms(without), signed(addedContext.percentile(50)),
						signed(addedCpu.percentile(50))),
				added < 100e6 || share < 0.05, resolvable);
		section.paragraph("The same minimal application (`BenchmarkApp`: `@SpringBootApplication`, net.devh's gRPC "
				+ "server on a random port of 127.0.0.1, Actuator with the Kubernetes probes on, logging at WARN) is "
				+ "started " + runs + " times per variant in fresh JVMs (" + String.join(" ", AppRuns.JVM_OPTIONS)
				+ "), one start of each variant per round in rotating order, after one uncounted round. *Ready* is "
				+ "measured by the benchmark from the moment it starts the process until the application prints that "
				+ "it is ready (after `ApplicationReadyEvent`, so the gRPC server is listening and, with health-grpc, "
				+ "the first evaluation of the indicators is done); *context* is Spring Boot's own figure for "
				+ "`SpringApplication.run`; *CPU* is the CPU time the process used until ready, all threads. Without "
				+ "health-grpc, net.devh serves its own health service; the third variant keeps health-grpc's jars on "
				+ "the class path but switches it off. What health-grpc adds is taken round by round (with minus "
				+ "without, started next to each other) and the median of those differences is reported.");
		List<List<String>> rows = new ArrayList<>();
		starts.forEach((name, list) -> {
			Samples wall = of(list, Start::wall);
			rows.add(List.of(name, Fmt.ms(wall.percentile(50)), Fmt.ms(wall.min()) + " – " + Fmt.ms(wall.max()),
					Fmt.ms(of(list, Start::context).percentile(50)), Fmt.ms(of(list, Start::cpu).percentile(50)),
					name.equals(WITHOUT) ? "" : signed(added(starts, name, Start::wall).percentile(50)) + " / "
							+ signed(added(starts, name, Start::cpu).percentile(50))));
		});
		section.table(List.of("Variant", "ready (median)", "ready (min – max)", "context (median)",
				"CPU until ready (median)", "added: ready / CPU (median of paired differences)"), rows);
		if (!resolvable) {
			section
				.paragraph(String.format(Locale.ROOT, "This run was noisy: the paired differences in ready time spread "
						+ "over %s between their quartiles (%s to %s), more than the 100 ms the target allows, so the "
						+ "run cannot settle the target; regenerate on a quiet machine.", Fmt.ms(spread),
						signed(addedWall.percentile(25)), signed(addedWall.percentile(75))));
		}
		List<String> names = new ArrayList<>(starts.keySet());
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		series.put("ready (process start to ready), median",
				names.stream().map((n) -> Math.round(of(starts.get(n), Start::wall).percentile(50) / 1e6)).toList());
		series.put("Spring context, median",
				names.stream().map((n) -> Math.round(of(starts.get(n), Start::context).percentile(50) / 1e6)).toList());
		series.put("CPU until ready, median",
				names.stream().map((n) -> Math.round(of(starts.get(n), Start::cpu).percentile(50) / 1e6)).toList());
		section.chart(charts.bars("startup", "Application start, fresh JVM each time", "ms", false,
				List.of("no health-grpc", "with health-grpc", "present, disabled"), series));
	}

}
