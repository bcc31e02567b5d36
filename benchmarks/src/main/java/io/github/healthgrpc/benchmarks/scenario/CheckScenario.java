package io.github.healthgrpc.benchmarks.scenario;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.healthgrpc.benchmarks.jmh.CheckBenchmark;
import io.github.healthgrpc.benchmarks.report.Results;
import io.github.healthgrpc.benchmarks.support.Jmh;
import io.github.healthgrpc.benchmarks.support.Line;

/**
 * What a Check costs: JMH's {@code CheckBenchmark} on each line, health-grpc against the
 * line's own service; per Check, the worker thread's CPU time and bytes allocated.
 */
final class CheckScenario implements Scenario {

	@Override
	public String id() {
		return "check";
	}

	@Override
	public Results run(Settings settings) throws Exception {
		Results results = new Results();
		List<String> contenders = new ArrayList<>();
		List<List<Double>> figures = List.of(new ArrayList<>(), new ArrayList<>());
		for (Line line : Line.values()) {
			List<String> options = Jmh.options(settings.string("jmh.forks"), settings.string("jmh.warmup-iterations"),
					settings.string("jmh.iterations"), settings.string("jmh.iteration-time"),
					settings.string("jmh.heap"));
			options.addAll(List.of("-p", "line=" + line.key()));
			for (JsonNode run : Jmh.run(line.benchmarkClasspath(), "\\.jmh\\.CheckBenchmark", options)) {
				String contender = run.get("params").get("contender").asText();
				double checks = Jmh.sum(run, "checks");
				double[] figure = { Jmh.sum(run, "cpu") / checks, Jmh.sum(run, "bytes") / checks };
				results.put(line.key() + "." + contender,
						Results.row("time", run.get("primaryMetric").get("score").asDouble() / CheckBenchmark.BATCH,
								"cpu", figure[0], "allocated", figure[1]));
				contenders.add(line.label().replace("Spring Boot ", "") + ", "
						+ (contender.equals("other") ? line.other() : contender));
				figures.get(0).add(figure[0]);
				figures.get(1).add(figure[1]);
			}
			JsonNode ours = results.get(line.key() + ".health-grpc");
			JsonNode other = results.get(line.key() + ".other");
			results.put(line.key() + ".cpuRatio", ours.get("cpu").asDouble() / other.get("cpu").asDouble());
			results.verdict(line.key(), ours.get("allocated").asDouble() <= other.get("allocated").asDouble(), true);
		}
		return results.bars("check", "A Check through the application's own server, in-process", "per Check", false,
				contenders, Results.row("CPU ns", figures.get(0), "bytes allocated", figures.get(1)));
	}

}
