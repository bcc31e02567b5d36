package io.github.healthgrpc.benchmarks.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.jmh.CheckBenchmark;
import io.github.healthgrpc.benchmarks.jmh.CpuTimeProfiler;
import io.github.healthgrpc.benchmarks.jmh.FanOutBenchmark;
import io.github.healthgrpc.benchmarks.jmh.FanOutSideBySideBenchmark;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
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
		String packagePattern = CheckBenchmark.class.getPackageName().replace(".", "\\.") + "\\.";
		List<RunResult> results = new ArrayList<>(run(settings,
				packagePattern + "(CheckBenchmark|StatusTableBenchmark)\\..*", null, settings.integer("jmh.forks"),
				settings.integer("jmh.warmup-iterations"), settings.integer("jmh.iterations"), iteration));
		FanOutPairs fanOut = runFanOutPairs(settings, packagePattern, iteration);
		Map<Integer, double[]> sideBySide = runSideBySide(settings, packagePattern, iteration);
		Map<String, double[]> scores = new LinkedHashMap<>();
		Map<String, Double> allocations = new LinkedHashMap<>();
		Map<String, Double> cpuTimes = new LinkedHashMap<>();
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
			double allocated = secondary(result, CpuTimeProfiler.ALLOCATED);
			double cpu = secondary(result, CpuTimeProfiler.NAME);
			scores.put(label, new double[] { score, error });
			allocations.put(label, allocated);
			cpuTimes.put(label, cpu);
			rows.add(List.of("`" + label + "`", String.format(Locale.ROOT, "%,.1f ± %,.1f ns", score, error),
					Fmt.perSecond(1e9 / score), String.format(Locale.ROOT, "%,.1f ns", cpu), Fmt.bytes(allocated)));
			System.out.printf("   %-55s %,12.1f ± %,.1f ns/op, CPU %,.1f ns/op, %,.0f B/op%n", label, score, error, cpu,
					allocated);
		}
		for (String label : fanOut.labels()) {
			double cpu = fanOut.median(label, FanOutPairs.CPU);
			double time = fanOut.median(label, FanOutPairs.TIME);
			double allocated = fanOut.median(label, FanOutPairs.ALLOCATED);
			scores.put(label, new double[] { time, Double.NaN });
			cpuTimes.put(label, cpu);
			allocations.put(label, allocated);
			rows.add(List.of("`" + label + "`",
					String.format(Locale.ROOT, "%,.1f ns (median of %d forks)", time, fanOut.pairs()),
					Fmt.perSecond(1e9 / time), String.format(Locale.ROOT, "%,.1f ns", cpu), Fmt.bytes(allocated)));
			System.out.printf("   %-55s %,12.1f ns/op, CPU %,.1f ns/op, %,.0f B/op (medians of %d forks)%n", label,
					time, cpu, allocated, fanOut.pairs());
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
		fanOutVerdict(section, fanOut, sideBySide, 100);
		fanOutVerdict(section, fanOut, sideBySide, 10_000);
		section.paragraph("JMH (Check and table: " + settings.integer("jmh.forks") + " fork(s), "
				+ settings.integer("jmh.warmup-iterations") + " warm-up and " + settings.integer("jmh.iterations")
				+ " measured iterations; fan-out: " + fanOut.pairs() + " pairs of forks, one per contender, "
				+ settings.integer("jmh.fanout-warmup-iterations") + " warm-up and "
				+ settings.integer("jmh.fanout-iterations") + " measured iterations each; iterations of "
				+ settings.string("jmh.iteration-time") + ", a fixed heap of " + settings.string("jmh.heap")
				+ " touched at start; average time per operation, ± the 99.9% confidence "
				+ "interval). Two more figures per operation depend much less on how loaded the machine is: *CPU* is "
				+ "the CPU time JMH's worker thread used per operation (measured around each iteration; time spent "
				+ "waiting for a core is not in it, unlike the average time, and neither are the JIT and GC "
				+ "threads), and *allocated* is the bytes that thread allocated per operation (from the same per-thread counters). "
				+ "The fan-out table's rows come from pairs of forks, one per contender right after the other (which "
				+ "goes first alternates). The fan-out targets are judged side by side, in "
				+ settings.integer("jmh.fanout-side-by-side-forks") + " forks of "
				+ "`FanOutSideBySideBenchmark`: both contenders in one JVM, each operation one change on each (a batch "
				+ "of them with few watchers, the order alternating), each contender's timed on the worker "
				+ "thread's CPU clock; separate forks per contender came out as much as 2× apart on this machine, whose speed varies from one minute to the next, while here "
				+ "whatever the machine does falls on both alike, microseconds apart. Each fork gives one ratio "
				+ "(ours ÷ stock, CPU time over its measured iterations), and the verdict takes the median of the "
				+ "forks' ratios with a distribution-free 95% interval (order statistics): *met* when the whole "
				+ "interval is below 1.0×, *missed* when it is all at or above, otherwise not resolved. "
				+ "`CheckBenchmark.check` is one whole unary Check through grpc-java's in-process "
				+ "transport with direct executors: the cost of the service without the network. "
				+ "`StatusTableBenchmark` is the table alone: `oursGet` is the read every Check makes, `oursSet` and "
				+ "`stockSet` change a status that nobody watches. `FanOutBenchmark.change` changes a status that 100 "
				+ "(or 10,000) in-process Watch streams watch, and includes delivering it to each of them: "
				+ "grpc-java's in-process transport with direct executors, so the whole fan-out runs on the "
				+ "benchmark's thread, client side included.");
		section.table(
				List.of("Benchmark", "time per operation", "operations per second (one thread)", "CPU", "allocated"),
				rows);
		section.paragraph("Per watcher, a change costs both services the same send into the transport, which is "
				+ "nearly all of the cost. On top of it, health-grpc knows the stream is ready before it sends (what "
				+ "keeps a slow reader's server memory flat, scenario 3): from `isReady()`, or without asking when "
				+ "the transport has reported the reader ready since the last send, as it does here after every "
				+ "message, since these clients take each one as it comes; and it compares the response with the last one it "
				+ "sent; it walks the subscribers of the name in place (a list linked through the subscriptions, "
				+ "which a cancellation in the middle of the walk does not break), sends one of four shared response "
				+ "messages, and serves Watch on grpc's call API (`ServerCall`) rather than through the stub "
				+ "layer's stream observer, so nothing is copied or allocated per watcher and each send is one call "
				+ "shallower; its sends run under the table's lock, which the change already holds, so a stream needs "
				+ "no atomic operation of its own. grpc-java's stock service builds one response per change, "
				+ "iterates an `IdentityHashMap` of observers (which costs it more per watcher as the map outgrows "
				+ "the CPU caches) and sends whatever the stream's readiness.");
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

	private static Collection<RunResult> run(Settings settings, String include, String contender, int forks,
			int warmups, int iterations, TimeValue iteration) throws RunnerException {
		String heap = settings.string("jmh.heap");
		ChainedOptionsBuilder options = new OptionsBuilder().include(include)
			.forks(forks)
			.warmupIterations(warmups)
			.warmupTime(iteration)
			.measurementIterations(iterations)
			.measurementTime(iteration)
			.mode(Mode.AverageTime)
			.timeUnit(TimeUnit.NANOSECONDS)
			.threads(1)
			// A fixed heap, touched at start: a fan-out allocates some 18 KiB per change
			// (grpc's transport), and a heap that grows and shrinks meanwhile added to
			// the
			// spread between iterations.
			.jvmArgsAppend("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch")
			.addProfiler(CpuTimeProfiler.class)
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT);
		if (contender != null) {
			options.param("contender", contender);
		}
		return new Runner(options.build()).run();
	}

	/**
	 * The fan-out benchmark in pairs of forks, one per contender, the order alternating.
	 */
	private static FanOutPairs runFanOutPairs(Settings settings, String packagePattern, TimeValue iteration)
			throws RunnerException {
		FanOutPairs pairs = new FanOutPairs();
		int count = settings.integer("jmh.fanout-pairs");
		for (int pair = 0; pair < count; pair++) {
			List<String> order = (pair % 2 == 0) ? List.of("ours", "stock") : List.of("stock", "ours");
			for (String contender : order) {
				for (RunResult result : run(settings, packagePattern + FanOutBenchmark.class.getSimpleName() + "\\..*",
						contender, 1, settings.integer("jmh.fanout-warmup-iterations"),
						settings.integer("jmh.fanout-iterations"), iteration)) {
					pairs.add(pair, result);
				}
			}
		}
		return pairs;
	}

	/**
	 * The side-by-side fan-out: per number of watchers, each fork's ratio of
	 * health-grpc's CPU time to stock's, sorted.
	 */
	private static Map<Integer, double[]> runSideBySide(Settings settings, String packagePattern, TimeValue iteration)
			throws RunnerException {
		Map<Integer, double[]> ratios = new LinkedHashMap<>();
		for (RunResult result : run(settings,
				packagePattern + FanOutSideBySideBenchmark.class.getSimpleName() + "\\..*", null,
				settings.integer("jmh.fanout-side-by-side-forks"), settings.integer("jmh.fanout-warmup-iterations"),
				settings.integer("jmh.fanout-iterations"), iteration)) {
			int watchers = Integer.parseInt(result.getParams().getParam("watchers"));
			double[] forks = result.getBenchmarkResults()
				.stream()
				.mapToDouble((fork) -> fork.getSecondaryResults().get("ours").getScore()
						/ fork.getSecondaryResults().get("stock").getScore())
				.sorted()
				.toArray();
			ratios.put(watchers, forks);
			System.out.printf("   side by side, %,d watchers: ours ÷ stock per fork %s%n", watchers,
					Arrays.stream(forks).mapToObj(Fmt::ratio).collect(Collectors.joining(", ")));
		}
		return ratios;
	}

	/**
	 * The fan-out results by label ({@code FanOutBenchmark.change [ours] (100 watchers)})
	 * and pair: CPU time, average time and bytes allocated per change.
	 */
	private static final class FanOutPairs {

		static final int CPU = 0;

		static final int TIME = 1;

		static final int ALLOCATED = 2;

		private final Map<String, Map<Integer, double[]>> figures = new LinkedHashMap<>();

		private int pairs;

		void add(int pair, RunResult result) {
			String label = label(result.getParams().getParam("contender"),
					Integer.parseInt(result.getParams().getParam("watchers")));
			this.figures.computeIfAbsent(label, (key) -> new LinkedHashMap<>())
				.put(pair, new double[] { secondary(result, CpuTimeProfiler.NAME), result.getPrimaryResult().getScore(),
						secondary(result, CpuTimeProfiler.ALLOCATED) });
			this.pairs = Math.max(this.pairs, pair + 1);
		}

		int pairs() {
			return this.pairs;
		}

		List<String> labels() {
			return this.figures.keySet().stream().sorted().toList();
		}

		double median(String label, int figure) {
			Map<Integer, double[]> byPair = this.figures.getOrDefault(label, Map.of());
			return Samples.median(byPair.values().stream().mapToDouble((values) -> values[figure]).toArray());
		}

		/** Ours ÷ stock CPU time per pair, sorted. */
		double[] ratios(int watchers) {
			Map<Integer, double[]> ours = this.figures.getOrDefault(label("ours", watchers), Map.of());
			Map<Integer, double[]> stock = this.figures.getOrDefault(label("stock", watchers), Map.of());
			return ours.entrySet()
				.stream()
				.filter((entry) -> stock.containsKey(entry.getKey()))
				.mapToDouble((entry) -> entry.getValue()[CPU] / stock.get(entry.getKey())[CPU])
				.sorted()
				.toArray();
		}

		static String label(String contender, int watchers) {
			return "FanOutBenchmark.change [" + contender + "] (" + watchers + " watchers)";
		}

	}

	private static void fanOutVerdict(Section section, FanOutPairs fanOut, Map<Integer, double[]> sideBySide,
			int watchers) {
		String ours = FanOutPairs.label("ours", watchers);
		String stock = FanOutPairs.label("stock", watchers);
		double[] ratios = sideBySide.getOrDefault(watchers, new double[0]);
		double[] interval = Samples.medianInterval95(ratios);
		double lower = interval[0];
		double upper = interval[1];
		double median = Samples.median(ratios);
		boolean met = upper < 1.0;
		boolean resolved = met || lower >= 1.0;
		section.verdict(
				"In-process status change to " + Fmt.count(watchers)
						+ " watchers (JMH, CPU time per change): health-grpc ≤ 1.0× stock",
				String.format(Locale.ROOT,
						"side by side: median of %d forks' ratios %s (95%% interval %s to %s; the forks: %s); forks "
								+ "of their own: CPU %,.0f ns vs %,.0f ns per change (medians of %d pairs, whose "
								+ "ratios were %s); allocated %s vs %s",
						ratios.length, Fmt.ratio(median), interval(lower), interval(upper),
						Arrays.stream(ratios).mapToObj(Fmt::ratio).collect(Collectors.joining(", ")),
						fanOut.median(ours, FanOutPairs.CPU), fanOut.median(stock, FanOutPairs.CPU), fanOut.pairs(),
						Arrays.stream(fanOut.ratios(watchers)).mapToObj(Fmt::ratio).collect(Collectors.joining(", ")),
						Fmt.bytes(fanOut.median(ours, FanOutPairs.ALLOCATED)),
						Fmt.bytes(fanOut.median(stock, FanOutPairs.ALLOCATED))),
				met, resolved);
	}

	private static String interval(double ratio) {
		return Double.isInfinite(ratio) ? "unbounded" : Fmt.ratio(ratio);
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
