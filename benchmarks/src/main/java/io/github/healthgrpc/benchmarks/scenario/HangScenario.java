package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.healthgrpc.benchmarks.report.Results;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Line;
import io.github.healthgrpc.benchmarks.support.Stats;
import io.github.healthgrpc.benchmarks.support.Watchers;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * How long a database that goes DOWN takes to show on {@code db}, with every other
 * indicator answering and while {@code downstream} hangs: Spring Boot 4.1 with
 * health-grpc and with Boot's built-in service, both at their defaults (an update every 5
 * s; health-grpc waits 2 s per indicator).
 */
final class HangScenario implements Scenario {

	private static final Duration PERIOD = Duration.ofSeconds(5);

	private static final Duration ANSWER = Duration.ofSeconds(10);

	@Override
	public String id() {
		return "hang";
	}

	@Override
	public Results run(Settings settings) throws Exception {
		Duration giveUp = settings.duration("hang.give-up");
		Results results = new Results().put("giveUp", giveUp.toNanos());
		List<Map<String, Object>> trials = new ArrayList<>();
		// Both at once, each in its JVM: what is timed is seconds of scheduling.
		ExecutorService both = Executors.newFixedThreadPool(2);
		for (int run = 1; run <= settings.integer("hang.runs"); run++) {
			List<Future<Map<String, Object>>> running = new ArrayList<>();
			for (String service : List.of("health-grpc", "built-in")) {
				Random random = new Random(31L * run + service.length());
				int number = run;
				running.add(both.submit(() -> trial(service, number, giveUp, random)));
			}
			for (Future<Map<String, Object>> trial : running) {
				trials.add(trial.get());
				results.add("trials", trial.get());
			}
		}
		both.shutdown();
		List<List<Double>> medians = new ArrayList<>();
		for (String service : List.of("health-grpc", "built-in")) {
			List<Map<String, Object>> mine = trials.stream().filter((t) -> t.get("service").equals(service)).toList();
			long[] hung = mine.stream()
				.filter((t) -> t.get("whileHung") != null)
				.mapToLong((t) -> (Long) t.get("whileHung"))
				.sorted()
				.toArray();
			results.put(service,
					Results.row("runs", mine.size(), "hungSeen", hung.length, "hung", Stats.summary(hung),
							"overallNotServing",
							mine.stream().filter((t) -> t.get("overallWhileHung").equals("NOT_SERVING")).count()));
			medians.add(List.of("alone", "whileHung")
				.stream()
				.map((f) -> Stats.median(mine.stream()
					.mapToDouble((t) -> (t.get(f) != null) ? (Long) t.get(f) : giveUp.toNanos())
					.toArray()) / 1e6)
				.toList());
		}
		results.verdict("hang", results.get("health-grpc.hungSeen").asInt() == settings.integer("hang.runs")
				&& results.get("health-grpc.hung.max").asDouble() <= PERIOD.plusSeconds(2).toNanos(), true);
		return results.bars("hang",
				"Spring Boot 4.1: DOWN database to NOT_SERVING on db, median (give-up time: not seen)", "ms", false,
				List.of("nothing hangs", "downstream hangs"),
				Results.row("health-grpc", medians.get(0), "built-in", medians.get(1)));
	}

	private static Map<String, Object> trial(String service, int run, Duration giveUp, Random random) throws Exception {
		boolean ours = service.equals("health-grpc");
		try (ChildJvm app = Line.BOOT4.start(ours, List.of())) {
			int port = Integer.parseInt(Line.BOOT4.awaitReady(app, ours).field("port"));
			app.await("FIRST_EVALUATION", Duration.ofSeconds(60));
			try (Watchers db = new Watchers(port, "db", 1, 1); Watchers overall = new Watchers(port, "", 1, 1)) {
				// The built-in service knows "db" only after its first update.
				if (!db.awaitCurrent(ServingStatus.SERVING, Duration.ofSeconds(30))) {
					throw new IllegalStateException(service + ": db is not SERVING but " + db.current());
				}
				// 1. The database goes DOWN at a random point of the update cycle.
				Thread.sleep(random.nextInt((int) PERIOD.toMillis()));
				db.expect(ServingStatus.NOT_SERVING);
				app.ask("DB DOWN", "OK", ANSWER);
				Long alone = db.awaitSeen(giveUp) ? db.seen()[0] : null;
				app.ask("DB UP", "OK", ANSWER);
				if (!db.awaitCurrent(ServingStatus.SERVING, giveUp.plus(PERIOD))) {
					throw new IllegalStateException(service + ": db did not turn SERVING again");
				}
				// 2. downstream hangs; over 2 s (health-grpc's indicator timeout) later,
				// at
				// a random point of the cycle, the database goes DOWN.
				app.ask("HANG", "OK", ANSWER);
				app.await("HUNG", PERIOD.multipliedBy(3));
				Thread.sleep(2200 + random.nextInt((int) PERIOD.toMillis()));
				String overallWhileHung = String.valueOf(overall.current());
				long since = db.expect(ServingStatus.NOT_SERVING);
				app.ask("DB DOWN", "OK", ANSWER);
				Long whileHung = db.awaitSeen(giveUp) ? db.seen()[0] : null;
				// 3. The hung call returns.
				long released = System.nanoTime();
				app.ask("RELEASE", "OK", ANSWER);
				Long afterRelease = (whileHung == null && db.awaitSeen(giveUp)) ? since + db.seen()[0] - released
						: null;
				app.closeApplication();
				return Results.row("service", service, "run", run, "alone", alone, "whileHung", whileHung,
						"overallWhileHung", overallWhileHung, "afterRelease", afterRelease);
			}
		}
	}

}
