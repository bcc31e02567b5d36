package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.benchmarks.report.Results;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Line;
import io.github.healthgrpc.benchmarks.support.Stats;
import io.github.healthgrpc.benchmarks.support.Watchers;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * Closing each line's application while Watch streams are open, with health-grpc (and a
 * drain delay) and with the line's service without it, both with a grace period of the
 * gRPC server: what the watchers are told, when their streams end, when the process
 * exits.
 */
final class ShutdownScenario implements Scenario {

	@Override
	public String id() {
		return "shutdown";
	}

	@Override
	public Results run(Settings settings) throws Exception {
		int count = settings.integer("shutdown.watchers");
		Duration drain = settings.duration("shutdown.drain-delay");
		Duration grace = settings.duration("shutdown.grace-period");
		Results results = new Results().put("watchers", count)
			.put("drain", drain.toNanos())
			.put("grace", grace.toNanos());
		List<String> categories = new ArrayList<>();
		List<Double> exits = new ArrayList<>();
		for (Line line : Line.values()) {
			for (boolean ours : List.of(true, false)) {
				List<Map<String, Object>> closes = new ArrayList<>();
				for (int run = 1; run <= settings.integer("shutdown.runs"); run++) {
					List<String> args = new ArrayList<>(
							List.of(((line == Line.BOOT3) ? "--grpc.server.shutdown-grace-period="
									: "--spring.grpc.server.shutdown.grace-period=") + grace.toMillis() + "ms"));
					if (ours) {
						args.add("--grpc.health.shutdown.drain-delay=" + drain.toMillis() + "ms");
					}
					try (ChildJvm app = line.start(ours, args)) {
						int port = Integer.parseInt(line.awaitReady(app, ours).field("port"));
						closes.add(close(app, port, count, grace, Results.row("line", line.label(), "server",
								ours ? "health-grpc" : line.other(), "run", run)));
						results.add("closes", closes.get(closes.size() - 1));
					}
				}
				String key = line.key() + (ours ? ".health-grpc" : ".other");
				double worst = closes.stream().mapToLong((c) -> (Long) c.get("exit")).max().orElse(0);
				long toldAll = closes.stream().filter((c) -> (Integer) c.get("told") == count).count();
				results.put(key, Results.row("worstExit", worst, "runs", closes.size(), "toldAll", toldAll, "toldMost",
						closes.stream().mapToInt((c) -> (Integer) c.get("told")).max().orElse(0)));
				if (ours) {
					results.verdict(line.key() + "Exit", worst <= drain.toNanos() + 1e9, true);
					results.verdict(line.key() + "Told", toldAll == closes.size(), true);
				}
				categories.add(line.label().replace("Spring Boot ", "") + ", " + (ours ? "health-grpc" : line.other()));
				exits.add(Stats.median(closes.stream().mapToDouble((c) -> (Long) c.get("exit")).toArray()) / 1e6);
			}
		}
		return results.bars("shutdown", String
			.format("From the close command until the process exited, %,d open " + "Watch streams, median", count),
				"ms", false, categories, Results.row("process exit", exits));
	}

	/**
	 * Opens Watch streams on {@code ""}, tells the application to close, times what they
	 * see.
	 */
	private static Map<String, Object> close(ChildJvm app, int port, int count, Duration grace, Map<String, Object> row)
			throws Exception {
		try (Watchers watchers = new Watchers(port, "", count, 2).awaitOpen(Duration.ofSeconds(60))) {
			CompletableFuture<Long> exited = app.process().onExit().thenApply((p) -> System.nanoTime());
			long start = watchers.expect(ServingStatus.NOT_SERVING);
			app.send("CLOSE");
			long contextClose = Long.parseLong(app.await("CLOSED", grace.plusSeconds(60)).field("ms")) * 1_000_000;
			long exit = exited.get(60, TimeUnit.SECONDS) - start;
			long[] ended = watchers.awaitEnd(Duration.ofSeconds(5), start);
			long[] toldAt = watchers.seen();
			row.putAll(Results.row("contextClose", contextClose, "exit", exit, "told", toldAt.length, "toldHalf",
					Stats.percentile(toldAt, 50), "toldAll", Stats.percentile(toldAt, 100), "ended",
					watchers.endCodes(), "endedAll", Stats.percentile(ended, 100)));
			return row;
		}
	}

}
