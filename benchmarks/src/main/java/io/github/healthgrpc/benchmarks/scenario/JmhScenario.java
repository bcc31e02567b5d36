package io.github.healthgrpc.benchmarks.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.jmh.CheckBenchmark;
import io.github.healthgrpc.benchmarks.jmh.CpuTimeProfiler;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Section;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * In-process micro-benchmarks with JMH: Check through the in-process transport, the
 * table, fan-out.
 */
public final class JmhScenario implements Scenario {

	@Override
	public String id() {
		return "jmh";
	}

	@Override
	public String title() {
		return "0. In-process costs (JMH)";
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		TimeValue iteration = TimeValue.milliseconds(settings.duration("jmh.iteration-time").toMillis());
		Options options = new OptionsBuilder()
			.include(CheckBenchmark.class.getPackageName().replace(".", "\\.") + "\\..*")
			.forks(settings.integer("jmh.forks"))
			.warmupIterations(settings.integer("jmh.warmup-iterations"))
			.warmupTime(iteration)
			.measurementIterations(settings.integer("jmh.iterations"))
			.measurementTime(iteration)
			.mode(Mode.AverageTime)
			.timeUnit(TimeUnit.NANOSECONDS)
			.threads(1)
			.addProfiler(GCProfiler.class)
			.addProfiler(CpuTimeProfiler.class)
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, double[]> scores = new LinkedHashMap<>();
		Map<String, Double> allocations = new LinkedHashMap<>();
		Map<String, Double> cpuTimes = new LinkedHashMap<>();
		Map<String, Double> cpuErrors = new LinkedHashMap<>();
		List<List<String>> rows = new ArrayList<>();
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			String simple = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
			String contender = result.getParams().getParam("contender");
			String watchers = result.getParams().getParam("watchers");
			String label = simple + ((contender != null) ? " [" + contender + "]" : "")
					+ ((watchers != null) ? " (" + watchers + " watchers)" : "");
			double score = result.getPrimaryResult().getScore();
			double error = result.getPrimaryResult().getScoreError();
			double allocated = secondary(result, "gc.alloc.rate.norm");
			double cpu = secondary(result, CpuTimeProfiler.NAME);
			cpuErrors.put(label, secondaryError(result, CpuTimeProfiler.NAME));
			scores.put(label, new double[] { score, error });
			allocations.put(label, allocated);
			cpuTimes.put(label, cpu);
			rows.add(List.of("`" + label + "`", String.format(Locale.ROOT, "%,.1f ± %,.1f ns", score, error),
					Fmt.perSecond(1e9 / score), String.format(Locale.ROOT, "%,.1f ns", cpu), Fmt.bytes(allocated)));
			System.out.printf("   %-55s %,12.1f ± %,.1f ns/op, CPU %,.1f ns/op, %,.0f B/op%n", label, score, error, cpu,
					allocated);
		}
		double oursCheck = score(scores, "CheckBenchmark.check [ours]");
		double stockCheck = score(scores, "CheckBenchmark.check [stock]");
		double oursFanOut = score(scores, "FanOutBenchmark.change [ours] (100 watchers)");
		double stockFanOut = score(scores, "FanOutBenchmark.change [stock] (100 watchers)");
		double oursFanOutLarge = score(scores, "FanOutBenchmark.change [ours] (10000 watchers)");
		double stockFanOutLarge = score(scores, "FanOutBenchmark.change [stock] (10000 watchers)");
		double oursSet = score(scores, "StatusTableBenchmark.oursSet");
		double stockSet = score(scores, "StatusTableBenchmark.stockSet");
		section.shown("In-process Check (JMH), health-grpc vs stock",
				String.format(Locale.ROOT, "%,.0f ns vs %,.0f ns per call = %s the stock throughput", oursCheck,
						stockCheck, Fmt.ratio(stockCheck / oursCheck)));
		fanOutVerdict(section, scores, cpuTimes, cpuErrors, allocations, 100);
		fanOutVerdict(section, scores, cpuTimes, cpuErrors, allocations, 10_000);
		section.paragraph("JMH (" + settings.integer("jmh.forks") + " fork, "
				+ settings.integer("jmh.warmup-iterations") + " warm-up and " + settings.integer("jmh.iterations")
				+ " measured iterations of " + settings.string("jmh.iteration-time")
				+ ", average time per operation, ± the 99.9% confidence "
				+ "interval). Two more figures per operation depend much less on how loaded the machine is: *CPU* is "
				+ "the CPU time JMH's worker thread used per operation (measured around each iteration; time spent "
				+ "waiting for a core is not in it, unlike the average time, and neither are the JIT and GC "
				+ "threads), and *allocated* is the bytes allocated per operation (JMH's GC profiler). The fan-out "
				+ "targets are judged on the CPU time, and only where the 99.9% intervals of the two contenders' "
				+ "CPU times do not overlap (otherwise: not resolved). `CheckBenchmark.check` is one whole unary Check through grpc-java's in-process "
				+ "transport with direct executors: the cost of the service without the network. "
				+ "`StatusTableBenchmark` is the table alone: `oursGet` is the read every Check makes, `oursSet` and "
				+ "`stockSet` change a status that nobody watches. `FanOutBenchmark.change` changes a status that 100 "
				+ "(or 10,000) in-process Watch streams watch, and includes delivering it to each of them: "
				+ "grpc-java's in-process transport with direct executors, so the whole fan-out runs on the "
				+ "benchmark's thread, client side included.");
		section.table(
				List.of("Benchmark", "time per operation", "operations per second (one thread)", "CPU", "allocated"),
				rows);
		section.paragraph("Per watcher, a change costs both services the same `onNext` into the transport. "
				+ "On top of it, health-grpc asks the stream `isReady()` first (what keeps a slow reader's server "
				+ "memory flat, scenario 3) and compares the response with the last one it sent; it walks the "
				+ "subscribers of the name in place (a list linked through the subscriptions, which a cancellation "
				+ "in the middle of the walk does not break) and sends one of four shared response messages, so "
				+ "nothing is copied or allocated per watcher; its sends run under the table's lock, which the "
				+ "change already holds, so a stream needs no atomic operation of its own. grpc-java's stock service "
				+ "builds one response per change and iterates an `IdentityHashMap` of observers; it sends whatever "
				+ "the stream's readiness.");
		if (oursSet > stockSet * 1.1) {
			section.paragraph("A bare `set` that nobody watches costs " + Fmt.ratio(oursSet / stockSet)
					+ " the stock one because the table keeps two views (actual and visible, for terminal state "
					+ "and resume); these are nanoseconds per change, and changes are rare next to Checks.");
		}
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		series.put("health-grpc", List.of(round(oursCheck), round(oursFanOut), round(oursFanOutLarge), round(oursSet)));
		series.put("stock", List.of(round(stockCheck), round(stockFanOut), round(stockFanOutLarge), round(stockSet)));
		section.chart(charts.bars("jmh", "In-process costs, ns per operation (log scale)", "ns", true,
				List.of("Check (in-process transport)", "change seen by 100 watchers", "change seen by 10,000 watchers",
						"change, nobody watching"),
				series));
	}

	private static void fanOutVerdict(Section section, Map<String, double[]> scores, Map<String, Double> cpuTimes,
			Map<String, Double> cpuErrors, Map<String, Double> allocations, int watchers) {
		String ours = "FanOutBenchmark.change [ours] (" + watchers + " watchers)";
		String stock = "FanOutBenchmark.change [stock] (" + watchers + " watchers)";
		double oursCpu = cpuTimes.getOrDefault(ours, Double.NaN);
		double stockCpu = cpuTimes.getOrDefault(stock, Double.NaN);
		double oursError = cpuErrors.getOrDefault(ours, Double.NaN);
		double stockError = cpuErrors.getOrDefault(stock, Double.NaN);
		// Only when the two 99.9% intervals of the CPU time do not overlap does the run
		// tell which costs more.
		boolean resolvable = Math.abs(oursCpu - stockCpu) > oursError + stockError;
		section.verdict("In-process status change to " + Fmt
			.count(watchers) + " watchers (JMH, CPU time per change): health-grpc ≤ 1.0× stock", String.format(
					Locale.ROOT,
					"CPU %,.0f ± %,.0f ns vs %,.0f ± %,.0f ns per change = %s the stock cost (average time %,.0f ns "
							+ "vs %,.0f ns); allocated %s vs %s",
					oursCpu, oursError, stockCpu, stockError, Fmt.ratio(oursCpu / stockCpu), score(scores, ours),
					score(scores, stock), Fmt.bytes(allocations.getOrDefault(ours, Double.NaN)),
					Fmt.bytes(allocations.getOrDefault(stock, Double.NaN))),
				oursCpu <= stockCpu, resolvable);
	}

	/** The error of a profiler's secondary result (99.9% interval), or NaN. */
	private static double secondaryError(RunResult result, String name) {
		for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
			if (secondary.getKey().endsWith(name)) {
				return secondary.getValue().getScoreError();
			}
		}
		return Double.NaN;
	}

	/** A secondary result of a profiler, by the end of its name, or NaN. */
	private static double secondary(RunResult result, String name) {
		for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
			if (secondary.getKey().endsWith(name)) {
				return secondary.getValue().getScore();
			}
		}
		return Double.NaN;
	}

	/** Whole nanoseconds above 100, one decimal below: enough for a chart label. */
	private static double round(double nanos) {
		return (nanos >= 100) ? Math.round(nanos) : Math.round(nanos * 10) / 10.0;
	}

	private static double score(Map<String, double[]> scores, String label) {
		double[] score = scores.get(label);
		return (score != null) ? score[0] : Double.NaN;
	}

}
