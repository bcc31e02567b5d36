package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import io.github.healthgrpc.benchmarks.report.Results;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Line;
import io.github.healthgrpc.benchmarks.support.Stats;
import io.github.healthgrpc.benchmarks.support.Watchers;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * How soon a Watch sees a change that starts in Actuator, on each line's application with
 * health-grpc: an indicator that flips (seen at the next refresh) and a readiness event
 * (on which health-grpc evaluates again at once).
 */
final class PropagationScenario implements Scenario {

	private static final Duration ANSWER = Duration.ofSeconds(10);

	@Override
	public String id() {
		return "propagation";
	}

	@Override
	public Results run(Settings settings) throws Exception {
		Duration interval = settings.duration("propagation.refresh-interval");
		int flips = settings.integer("propagation.flips");
		int events = settings.integer("propagation.readiness-events");
		Results results = new Results().put("interval", interval.toNanos());
		Random random = new Random(42);
		for (Line line : Line.values()) {
			try (ChildJvm app = line.start(true,
					List.of("--grpc.health.refresh-interval=" + interval.toMillis() + "ms"))) {
				int port = Integer.parseInt(line.awaitReady(app, true).field("port"));
				try (Watchers db = new Watchers(port, "db", 1, 1).awaitOpen(ANSWER);
						Watchers readiness = new Watchers(port, "readiness", 1, 1).awaitOpen(ANSWER)) {
					long[] flipTimes = times(app, db, "DB", "UP", "DOWN", flips, random, interval.toMillis() * 2);
					long[] eventTimes = times(app, readiness, "READINESS", "ACCEPTING_TRAFFIC", "REFUSING_TRAFFIC",
							events, random, interval.toMillis());
					results.put(line.key(),
							Results.row("flips", Stats.summary(flipTimes), "flipsMissed", flips - flipTimes.length,
									"readiness", Stats.summary(eventTimes), "readinessMissed",
									events - eventTimes.length));
					results.verdict(line.key(), eventTimes.length == events && Stats.percentile(eventTimes, 99) < 50e6,
							true);
				}
				app.closeApplication();
			}
		}
		return results;
	}

	/**
	 * Switches something back and forth, each time after a random pause, and times each
	 * switch until the watcher has it; sorted, without those not seen within 5 s.
	 */
	private static long[] times(ChildJvm app, Watchers watcher, String command, String serving, String notServing,
			int count, Random random, long pauseMillis) throws Exception {
		LongStream.Builder times = LongStream.builder();
		for (int i = 0; i < count; i++) {
			Thread.sleep(random.nextInt((int) pauseMillis) + 10);
			boolean up = watcher.current() != ServingStatus.SERVING;
			watcher.expect(up ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
			app.ask(command + " " + (up ? serving : notServing), "OK", ANSWER);
			if (watcher.awaitSeen(Duration.ofSeconds(5))) {
				times.add(watcher.seen()[0]);
			}
		}
		app.ask(command + " " + serving, "OK", ANSWER);
		return times.build().sorted().toArray();
	}

}
