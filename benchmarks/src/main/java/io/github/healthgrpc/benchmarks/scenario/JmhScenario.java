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
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Section;
import org.openjdk.jmh.annotations.Mode;
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
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, double[]> scores = new LinkedHashMap<>();
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
			scores.put(label, new double[] { score, error });
			rows.add(List.of("`" + label + "`", String.format(Locale.ROOT, "%,.1f ± %,.1f ns", score, error),
					Fmt.perSecond(1e9 / score)));
			System.out.printf("   %-55s %,12.1f ± %,.1f ns/op%n", label, score, error);
		}
		double oursCheck = score(scores, "CheckBenchmark.check [ours]");
		double stockCheck = score(scores, "CheckBenchmark.check [stock]");
		double oursFanOut = score(scores, "FanOutBenchmark.change [ours] (100 watchers)");
		double stockFanOut = score(scores, "FanOutBenchmark.change [stock] (100 watchers)");
		double oursSet = score(scores, "StatusTableBenchmark.oursSet");
		double stockSet = score(scores, "StatusTableBenchmark.stockSet");
		section.shown("In-process Check (JMH), health-grpc vs stock",
				String.format(Locale.ROOT, "%,.0f ns vs %,.0f ns per call = %s the stock throughput", oursCheck,
						stockCheck, Fmt.ratio(stockCheck / oursCheck)));
		section.shown("In-process status change to 100 watchers (JMH), health-grpc vs stock",
				String.format(Locale.ROOT, "%,.0f ns vs %,.0f ns per change", oursFanOut, stockFanOut));
		section.paragraph("JMH (" + settings.integer("jmh.forks") + " fork, "
				+ settings.integer("jmh.warmup-iterations") + " warm-up and " + settings.integer("jmh.iterations")
				+ " measured iterations of " + settings.string("jmh.iteration-time")
				+ ", average time per operation, ± the 99.9% confidence "
				+ "interval). `CheckBenchmark.check` is one whole unary Check through grpc-java's in-process "
				+ "transport with direct executors: the cost of the service without the network. "
				+ "`StatusTableBenchmark` is the table alone: `oursGet` is the read every Check makes, `oursSet` and "
				+ "`stockSet` change a status that nobody watches. `FanOutBenchmark.change` changes a status that 100 "
				+ "in-process Watch streams watch, and includes delivering it to each of them.");
		section.table(List.of("Benchmark", "time per operation", "operations per second (one thread)"), rows);
		if (oursFanOut > stockFanOut * 1.1 || oursSet > stockSet * 1.1) {
			section.paragraph("Where health-grpc is slower here, the cause is known. A status change to 100 watchers "
					+ "costs " + Fmt.ratio(oursFanOut / stockFanOut) + " the stock service's: grpc-java builds the "
					+ "response message once per change and hands the same immutable message to every watcher, while "
					+ "health-grpc's `WatchStream` builds a new `HealthCheckResponse` per watcher and send (and checks "
					+ "`isReady()` first, which is what keeps slow readers bounded). There are only four possible "
					+ "responses, so sharing four constants would remove that allocation (and the one per Check). A "
					+ "bare `set` costs " + Fmt.ratio(oursSet / stockSet)
					+ " the stock one because the table keeps two "
					+ "views (actual and visible, for terminal state and resume) and tells listeners. Both are "
					+ "nanoseconds per change; changes are rare next to Checks.");
		}
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		series.put("health-grpc", List.of(round(oursCheck), round(oursFanOut), round(oursSet)));
		series.put("stock", List.of(round(stockCheck), round(stockFanOut), round(stockSet)));
		section.chart(charts.bars("jmh", "In-process costs, ns per operation (log scale)", "ns", true,
				List.of("Check (in-process transport)", "change seen by 100 watchers", "change, nobody watching"),
				series));
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
