package io.github.healthgrpc.benchmarks.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.healthgrpc.benchmarks.report.Results;
import io.github.healthgrpc.benchmarks.support.Jmh;
import io.github.healthgrpc.benchmarks.support.Line;
import io.github.healthgrpc.benchmarks.support.Stats;

/**
 * What a status change costs with 100 and 10,000 watchers: JMH's {@code FanOutBenchmark},
 * both services side by side in each fork. Each fork gives one ratio of their CPU times;
 * the verdict takes the median with a distribution-free 95% interval.
 */
final class FanOutScenario implements Scenario {

	@Override
	public String id() {
		return "fanout";
	}

	@Override
	public Results run(Settings settings) throws Exception {
		Results results = new Results();
		List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
		for (JsonNode run : Jmh.run(Line.BOOT3.benchmarkClasspath(), "\\.jmh\\.FanOutBenchmark",
				Jmh.options(settings.string("fanout.forks"), settings.string("fanout.warmup-iterations"),
						settings.string("fanout.iterations"), settings.string("jmh.iteration-time"),
						settings.string("jmh.heap")))) {
			double[] ours = Jmh.perFork(run, "oursCpu");
			double[] stock = Jmh.perFork(run, "stockCpu");
			double[] ratios = new double[ours.length];
			Arrays.setAll(ratios, (i) -> ours[i] / stock[i]);
			Arrays.sort(ratios);
			double[] interval = Stats.interval95(ratios);
			String key = "w" + run.get("params").get("watchers").asText();
			cpu.get(0).add(Jmh.sum(run, "oursCpu") / Jmh.sum(run, "changes"));
			cpu.get(1).add(Jmh.sum(run, "stockCpu") / Jmh.sum(run, "changes"));
			results.put(key,
					Results.row("forks", ratios.length, "ratios", ratios, "median", Stats.median(ratios), "lower",
							interval[0], "upper", interval[1], "oursCpu", cpu.get(0).get(cpu.get(0).size() - 1),
							"stockCpu", cpu.get(1).get(cpu.get(1).size() - 1)));
			results.verdict(key, interval[1] < 1.0, interval[1] < 1.0 || interval[0] >= 1.0);
		}
		return results.bars("fanout", "CPU time per status change, side by side (log scale)", "ns", true,
				List.of("100 watchers", "10,000 watchers"),
				Results.row("health-grpc", cpu.get(0), "stock", cpu.get(1)));
	}

}
