package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.scenario.Boot4Runs.Variant;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.CheckLoad;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Netty;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;

/**
 * Scenario 7: unary Check over Netty against the Spring Boot 4.1 application, with
 * health-grpc and with Spring Boot's own health service, each in its own JVM.
 */
public final class Boot4CheckScenario implements Scenario {

	private static final String OURS = Variant.HEALTH_GRPC.label();

	private static final String BUILT_IN = Variant.BUILT_IN.label();

	private static final String BUILT_IN_AGAIN = "Boot 4.1 built-in, a second JVM (A/A control)";

	@Override
	public String id() {
		return "boot4-check";
	}

	@Override
	public String title() {
		return "7. Boot 4.1: Check throughput and latency";
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int callers = settings.integer("check.callers");
		int channels = settings.integer("check.channels");
		Duration warmup = settings.duration("check.warmup");
		Duration window = settings.duration("check.duration");
		int rounds = settings.integer("check.rounds");
		int headToHeadRounds = settings.integer("check.head-to-head-rounds");
		Map<String, List<CheckLoad.Result>> results = new LinkedHashMap<>();
		Map<String, CheckLoad.Result> single = new LinkedHashMap<>();
		List<CheckLoad.Result[]> headToHead = new ArrayList<>();
		Map<String, Integer> ports = new LinkedHashMap<>();
		List<ChildJvm> apps = new ArrayList<>();
		try (Netty.Loops loops = new Netty.Loops()) {
			// One JVM per server, started one after the other and all running during
			// the rounds.
			for (String name : List.of(OURS, BUILT_IN, BUILT_IN_AGAIN)) {
				Variant variant = name.equals(OURS) ? Variant.HEALTH_GRPC : Variant.BUILT_IN;
				ChildJvm app = Boot4Runs.start("boot4-check", variant, List.of());
				apps.add(app);
				ports.put(name, Boot4Runs.port(Boot4Runs.awaitReady(app, variant)));
				results.put(name, new ArrayList<>());
			}
			// JIT warm-up of each server, before anything is measured: each JVM compiles
			// its own code, so each gets longer than the servers of scenario 1, which
			// share the benchmark JVM.
			for (String name : ports.keySet()) {
				CheckLoad.run(ports.get(name), callers, channels, warmup, Duration.ofSeconds(3), loops);
			}
			for (int round = 0; round < rounds; round++) {
				List<String> order = new ArrayList<>(ports.keySet());
				Collections.rotate(order, round);
				for (String name : order) {
					CheckLoad.Result result = CheckLoad.run(ports.get(name), callers, channels, warmup, window, loops);
					results.get(name).add(result);
					progress(name, round, result);
				}
			}
			for (int round = 0; round < headToHeadRounds; round++) {
				CheckLoad.Result[] pair = headToHead(ports.get(OURS), ports.get(BUILT_IN), callers, channels, warmup,
						window, loops);
				headToHead.add(pair);
				System.out.printf("   head to head round %d: %s %s, %s %s%n", round + 1, OURS,
						Fmt.perSecond(pair[0].callsPerSecond()), BUILT_IN, Fmt.perSecond(pair[1].callsPerSecond()));
			}
			// One caller, in the order A B B A; the window with the lower p50 of each.
			CheckLoad.Result[] singles = new CheckLoad.Result[4];
			singles[0] = CheckLoad.run(ports.get(OURS), 1, 1, Duration.ofSeconds(1), window, loops);
			singles[1] = CheckLoad.run(ports.get(BUILT_IN), 1, 1, Duration.ofSeconds(1), window, loops);
			singles[2] = CheckLoad.run(ports.get(BUILT_IN), 1, 1, Duration.ofSeconds(1), window, loops);
			singles[3] = CheckLoad.run(ports.get(OURS), 1, 1, Duration.ofSeconds(1), window, loops);
			single.put(OURS, lowerP50(singles[0], singles[3]));
			single.put(BUILT_IN, lowerP50(singles[1], singles[2]));
			single.forEach((name, result) -> progress(name + " (1 caller)", 0, result));
		}
		finally {
			apps.forEach(ChildJvm::close);
		}
		report(section, charts, results, single, headToHead, callers, channels, warmup, window, rounds);
	}

	private static void progress(String name, int round, CheckLoad.Result result) {
		System.out.printf("   %-46s round %d: %s, p50 %s, p99 %s%n", name, round + 1,
				Fmt.perSecond(result.callsPerSecond()), Fmt.time(result.latency().percentile(50)),
				Fmt.time(result.latency().percentile(99)));
	}

	private static CheckLoad.Result[] headToHead(int oursPort, int builtInPort, int callers, int channels,
			Duration warmup, Duration window, Netty.Loops loops) throws Exception {
		ExecutorService both = Executors.newFixedThreadPool(2);
		try {
			Future<CheckLoad.Result> ours = both
				.submit(() -> CheckLoad.run(oursPort, callers, channels, warmup, window, loops));
			Future<CheckLoad.Result> builtIn = both
				.submit(() -> CheckLoad.run(builtInPort, callers, channels, warmup, window, loops));
			return new CheckLoad.Result[] { ours.get(), builtIn.get() };
		}
		finally {
			both.shutdownNow();
		}
	}

	private static CheckLoad.Result lowerP50(CheckLoad.Result a, CheckLoad.Result b) {
		return (a.latency().percentile(50) <= b.latency().percentile(50)) ? a : b;
	}

	private static double median(List<CheckLoad.Result> rounds,
			java.util.function.ToDoubleFunction<CheckLoad.Result> figure) {
		return Samples.median(rounds.stream().mapToDouble(figure).toArray());
	}

	private static void report(Section section, Charts charts, Map<String, List<CheckLoad.Result>> results,
			Map<String, CheckLoad.Result> single, List<CheckLoad.Result[]> headToHead, int callers, int channels,
			Duration warmup, Duration window, int rounds) {
		Map<String, double[]> figures = new LinkedHashMap<>();
		List<List<String>> rows = new ArrayList<>();
		results.forEach((name, list) -> {
			double throughput = median(list, CheckLoad.Result::callsPerSecond);
			double p50 = median(list, (r) -> r.latency().percentile(50));
			double p99 = median(list, (r) -> r.latency().percentile(99));
			long errors = list.stream().mapToLong(CheckLoad.Result::errors).sum();
			long notServing = list.stream().mapToLong(CheckLoad.Result::notServing).sum();
			figures.put(name, new double[] { throughput, p50, p99 });
			rows.add(List.of(name, Fmt.perSecond(throughput), Fmt.time(p50), Fmt.time(p99),
					Fmt.count(errors) + " / " + Fmt.count(notServing)));
		});
		double[] ours = figures.get(OURS);
		double[] builtIn = figures.get(BUILT_IN);
		List<CheckLoad.Result> oursRounds = results.get(OURS);
		List<CheckLoad.Result> builtInRounds = results.get(BUILT_IN);
		List<CheckLoad.Result> againRounds = results.get(BUILT_IN_AGAIN);
		double[] throughputRatios = new double[rounds];
		double[] p50Ratios = new double[rounds];
		double[] p99Ratios = new double[rounds];
		double[] controlRatios = new double[rounds];
		for (int i = 0; i < rounds; i++) {
			throughputRatios[i] = oursRounds.get(i).callsPerSecond() / builtInRounds.get(i).callsPerSecond();
			p50Ratios[i] = builtInRounds.get(i).latency().percentile(50) / oursRounds.get(i).latency().percentile(50);
			p99Ratios[i] = builtInRounds.get(i).latency().percentile(99) / oursRounds.get(i).latency().percentile(99);
			controlRatios[i] = againRounds.get(i).callsPerSecond() / builtInRounds.get(i).callsPerSecond();
		}
		double vsBuiltIn = Samples.median(throughputRatios);
		double p50VsBuiltIn = Samples.median(p50Ratios);
		double p99VsBuiltIn = Samples.median(p99Ratios);
		double control = Samples.median(controlRatios);
		double controlSpread = java.util.Arrays.stream(controlRatios).map((r) -> Math.abs(r - 1)).max().orElse(0);
		boolean resolvable = Math.abs(control - 1) <= 0.05;
		double headToHeadRatio = Samples.median(headToHead.stream()
			.mapToDouble((pair) -> pair[0].callsPerSecond() / pair[1].callsPerSecond())
			.toArray());

		section.verdict("Boot 4.1: Check throughput ≥ 0.95× Boot's built-in health service (" + callers + " callers)",
				Fmt.perSecond(ours[0]) + " vs " + Fmt.perSecond(builtIn[0])
						+ " (medians); median ratio of paired rounds " + Fmt.ratio(vsBuiltIn) + "; head to head "
						+ Fmt.ratio(headToHeadRatio) + " (A/A control: built-in vs built-in " + Fmt.ratio(control)
						+ ")",
				vsBuiltIn >= 0.95, resolvable);
		section.verdict("Boot 4.1: Check p50 / p99 latency ≥ 0.95× the built-in service (its latency ÷ ours)",
				"p50 " + Fmt.time(ours[1]) + " vs " + Fmt.time(builtIn[1]) + ", p99 " + Fmt.time(ours[2]) + " vs "
						+ Fmt.time(builtIn[2]) + " (medians); median ratios of paired rounds: p50 "
						+ Fmt.ratio(p50VsBuiltIn) + ", p99 " + Fmt.ratio(p99VsBuiltIn),
				p50VsBuiltIn >= 0.95 && p99VsBuiltIn >= 0.95, resolvable);

		section.paragraph("The Spring Boot 4.1 application (`Boot4BenchmarkApp`, see the contenders) runs in three "
				+ "JVMs at once (" + String.join(" ", AppRuns.JVM_OPTIONS) + " each): one with "
				+ "health-grpc-boot4-starter, two with Boot's built-in health service (the second is the A/A "
				+ "control). Each serves on Spring Boot's own Netty server, with its defaults, on 127.0.0.1. "
				+ "The benchmark JVM is the client, with the same load as scenario 1: " + callers
				+ " callers in a closed loop over " + channels + " Netty channels (all on one client event loop "
				+ "thread), Check on `\"\"`, windows of " + window.toSeconds() + " s after a " + warmup.toSeconds()
				+ " s warm-up, " + rounds + " round(s) in rotating order after a warm-up of " + (warmup.toSeconds() + 3)
				+ " s per JVM (each compiles its own code); medians of the rounds in the table, medians of paired ratios in the verdicts. Both services answer Check from "
				+ "a map that a background task keeps up to date (health-grpc's refresh, Boot's scheduler), both "
				+ "every 5 s by default, so neither runs an indicator per call; this compares the cost of their "
				+ "Check paths on the same server. The absolute figures are not comparable with scenario 1's: "
				+ "there the server is a bare grpc-java server inside the benchmark JVM, on one event loop thread; "
				+ "here it is a whole Spring Boot application in a JVM of its own, as deployed, with the server "
				+ "interceptors Spring Boot configures on every call (see the contenders).");
		section.table(List.of("Contender", "Throughput", "p50", "p99", "errors / not SERVING"), rows);
		if (rounds > 1) {
			List<List<String>> roundRows = new ArrayList<>();
			for (int i = 0; i < rounds; i++) {
				CheckLoad.Result o = oursRounds.get(i);
				CheckLoad.Result b = builtInRounds.get(i);
				roundRows.add(List.of(String.valueOf(i + 1), Fmt.perSecond(o.callsPerSecond()),
						Fmt.perSecond(b.callsPerSecond()), Fmt.ratio(o.callsPerSecond() / b.callsPerSecond()),
						Fmt.perSecond(againRounds.get(i).callsPerSecond()), Fmt.ratio(controlRatios[i])));
			}
			section.paragraph("Round by round. The A/A control, two identical built-in JVMs, came out at a median "
					+ "ratio of " + Fmt.ratio(control) + ", with single rounds up to " + Math.round(controlSpread * 100)
					+ "% apart:");
			section.table(List.of("Round", OURS, BUILT_IN, "ratio", "A/A control", "control ratio"), roundRows);
		}
		if (!headToHead.isEmpty()) {
			List<List<String>> pairRows = new ArrayList<>();
			for (int i = 0; i < headToHead.size(); i++) {
				CheckLoad.Result[] pair = headToHead.get(i);
				pairRows.add(List.of(String.valueOf(i + 1), Fmt.perSecond(pair[0].callsPerSecond()),
						Fmt.perSecond(pair[1].callsPerSecond()),
						Fmt.ratio(pair[0].callsPerSecond() / pair[1].callsPerSecond()),
						Fmt.time(pair[0].latency().percentile(50)), Fmt.time(pair[1].latency().percentile(50))));
			}
			section.paragraph("Head to head: both JVMs loaded at once, " + callers + " callers each, sharing the "
					+ "CPU. Median ratio " + Fmt.ratio(headToHeadRatio) + ".");
			section.table(List.of("Round", OURS, BUILT_IN, "ratio", "p50 " + OURS, "p50 " + BUILT_IN), pairRows);
		}
		List<List<String>> singleRows = new ArrayList<>();
		single.forEach((name, result) -> singleRows.add(List.of(name, Fmt.perSecond(result.callsPerSecond()),
				Fmt.time(result.latency().percentile(50)), Fmt.time(result.latency().percentile(99)))));
		section.paragraph("One caller alone (two windows each, in the order health-grpc, built-in, built-in, "
				+ "health-grpc; the window with the lower p50):");
		section.table(List.of("Contender", "Throughput", "p50", "p99"), singleRows);
		if (!resolvable) {
			section.paragraph("**No verdict in this run:** the A/A control, two identical built-in JVMs, came out "
					+ Fmt.ratio(control) + " apart, more than the 5% the target allows, so this run cannot tell "
					+ "whether health-grpc is within 5% of the built-in service. The figures are shown as measured.");
		}
		else if (vsBuiltIn < 0.95 || p50VsBuiltIn < 0.95 || p99VsBuiltIn < 0.95) {
			section.paragraph("**Target missed in this run: ≥ 0.95× the built-in service (median paired ratios: "
					+ "throughput " + Fmt.ratio(vsBuiltIn) + ", p50 " + Fmt.ratio(p50VsBuiltIn) + ", p99 "
					+ Fmt.ratio(p99VsBuiltIn) + "; A/A control " + Fmt.ratio(control) + "; head to head "
					+ Fmt.ratio(headToHeadRatio) + ").** Both answer Check with a lookup in a map and one small "
					+ "response message on the same server; the JMH figures of scenario 0 compare the two services "
					+ "without the network (grpc-java's `HealthServiceImpl` is what Boot's built-in service is)."
					+ ((headToHeadRatio >= 0.95) ? " The head-to-head rounds, where load from elsewhere hits both "
							+ "JVMs at once, do not show the gap; where the paired rounds above scatter on both "
							+ "sides of 1, the miss is the load on this shared machine between windows rather than "
							+ "a cost of health-grpc, and the figures should be regenerated on a quiet machine." : ""));
		}
		List<String> names = new ArrayList<>(figures.keySet());
		Map<String, List<? extends Number>> throughputSeries = new LinkedHashMap<>();
		throughputSeries.put("calls per second", names.stream().map((n) -> Math.round(figures.get(n)[0])).toList());
		section.chart(
				charts.bars("boot4-check-throughput", "Boot 4.1: Check throughput, " + callers + " callers over Netty",
						"calls / s", false, List.of("health-grpc", "built-in", "built-in (A/A)"), throughputSeries));
		Map<String, List<? extends Number>> latencySeries = new LinkedHashMap<>();
		latencySeries.put("p50", names.stream().map((n) -> round3(figures.get(n)[1] / 1e6)).toList());
		latencySeries.put("p99", names.stream().map((n) -> round3(figures.get(n)[2] / 1e6)).toList());
		section.chart(charts.bars("boot4-check-latency", "Boot 4.1: Check latency, " + callers + " callers over Netty",
				"ms", false, List.of("health-grpc", "built-in", "built-in (A/A)"), latencySeries));
	}

	private static double round3(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
