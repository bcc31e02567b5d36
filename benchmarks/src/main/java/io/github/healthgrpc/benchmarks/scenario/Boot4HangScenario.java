package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.scenario.Boot4Runs.Variant;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;
import io.github.healthgrpc.benchmarks.support.StatusWatch;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/**
 * Scenario 8: how long a database that goes DOWN takes to show on its gRPC health name,
 * first with every other indicator answering, then while another indicator hangs, on
 * Spring Boot 4.1 with health-grpc and with Boot's own health service.
 */
public final class Boot4HangScenario implements Scenario {

	/**
	 * Both services re-evaluate every 5 s by default (grpc.health.refresh-interval,
	 * spring.grpc.server.health.schedule.period).
	 */
	static final Duration PERIOD = Duration.ofSeconds(5);

	/** health-grpc's default grpc.health.indicator-timeout. */
	static final Duration INDICATOR_TIMEOUT = Duration.ofSeconds(2);

	@Override
	public String id() {
		return "boot4-hang";
	}

	@Override
	public String title() {
		return "8. Boot 4.1: a DOWN database while another indicator hangs";
	}

	/**
	 * One run, nanoseconds; -1 where the status was not seen within the give-up time.
	 *
	 * @param alone from {@code db} DOWN to the Watch on {@code db} saying NOT_SERVING,
	 * nothing hanging
	 * @param whileHung the same while {@code downstream} hangs
	 * @param overallWhileHung what {@code ""} said when {@code db} went DOWN during the
	 * hang
	 * @param afterRelease when it was not seen during the hang: from the hung call's
	 * return to NOT_SERVING on {@code db} (-1: not measured)
	 */
	record Trial(long alone, long whileHung, ServingStatus overallWhileHung, long afterRelease) {
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int runs = settings.integer("boot4.hang.runs");
		Duration giveUp = settings.duration("boot4.hang.give-up");
		Map<Variant, List<Trial>> trials = new LinkedHashMap<>();
		trials.put(Variant.HEALTH_GRPC, new ArrayList<>());
		trials.put(Variant.BUILT_IN, new ArrayList<>());
		// The two variants run at the same time, in their own JVMs: what is timed here is
		// seconds of scheduling, which the other JVM does not change.
		ExecutorService both = Executors.newFixedThreadPool(2);
		try {
			for (int run = 0; run < runs; run++) {
				Map<Variant, Future<Trial>> running = new LinkedHashMap<>();
				for (Variant variant : trials.keySet()) {
					Random random = new Random(31L * run + variant.ordinal());
					running.put(variant, both.submit(() -> trialOnce(variant, giveUp, random)));
				}
				for (Map.Entry<Variant, Future<Trial>> entry : running.entrySet()) {
					Trial trial = entry.getValue().get();
					trials.get(entry.getKey()).add(trial);
					System.out.printf("   %-24s run %d: DOWN alone %s, while downstream hangs %s (\"\" %s)%s%n",
							entry.getKey().label(), run + 1, time(trial.alone(), giveUp),
							time(trial.whileHung(), giveUp), trial.overallWhileHung(),
							(trial.afterRelease() >= 0) ? ", after release " + Fmt.ms(trial.afterRelease()) : "");
				}
			}
		}
		finally {
			both.shutdownNow();
		}
		report(section, charts, trials, giveUp);
	}

	private static Trial trialOnce(Variant variant, Duration giveUp, Random random) throws Exception {
		try (ChildJvm app = Boot4Runs.start("boot4-hang", variant, List.of())) {
			int port = Boot4Runs.port(Boot4Runs.awaitReady(app, variant));
			app.awaitSeen("FIRST_EVALUATION", Duration.ofSeconds(60));
			try (StatusWatch db = new StatusWatch(port, "db"); StatusWatch overall = new StatusWatch(port, "")) {
				// The built-in service knows "db" only after its first update (5 s after
				// the server started).
				if (!db.awaitCurrent(ServingStatus.SERVING, Duration.ofSeconds(30))) {
					throw new IllegalStateException(variant.label() + ": no SERVING on db, but " + db.current());
				}
				// 1. The database goes DOWN, at a random point of the update cycle.
				Thread.sleep(random.nextInt((int) PERIOD.toMillis()));
				long downAlone = System.nanoTime();
				app.ask("DB DOWN", "OK", Duration.ofSeconds(10));
				long alone = since(db.await(ServingStatus.NOT_SERVING, downAlone, giveUp), downAlone);
				app.ask("DB UP", "OK", Duration.ofSeconds(10));
				if (!db.awaitCurrent(ServingStatus.SERVING, giveUp.plus(PERIOD))) {
					throw new IllegalStateException(variant.label() + ": db did not turn SERVING again");
				}
				// 2. downstream hangs from its next call on; then the database goes DOWN.
				app.ask("HANG", "OK", Duration.ofSeconds(10));
				app.awaitSeen("HUNG", PERIOD.multipliedBy(3));
				// The hang has lasted longer than health-grpc's indicator timeout when
				// the
				// database goes DOWN, at a random point of the cycle.
				Thread.sleep(INDICATOR_TIMEOUT.toMillis() + 200 + random.nextInt((int) PERIOD.toMillis()));
				ServingStatus overallWhileHung = overall.current();
				long downHung = System.nanoTime();
				app.ask("DB DOWN", "OK", Duration.ofSeconds(10));
				long whileHung = since(db.await(ServingStatus.NOT_SERVING, downHung, giveUp), downHung);
				// 3. The hung call returns.
				long released = System.nanoTime();
				app.ask("RELEASE", "OK", Duration.ofSeconds(10));
				long afterRelease = (whileHung >= 0) ? -1
						: since(db.await(ServingStatus.NOT_SERVING, released, giveUp), released);
				app.send("CLOSE");
				app.expect("CLOSED", Duration.ofSeconds(60));
				app.awaitExit(Duration.ofSeconds(30));
				return new Trial(alone, whileHung, overallWhileHung, afterRelease);
			}
		}
	}

	private static long since(long seen, long start) {
		return (seen >= 0) ? seen - start : -1;
	}

	private static String time(long nanos, Duration giveUp) {
		return (nanos >= 0) ? Fmt.ms(nanos) : "not within " + giveUp.toSeconds() + " s";
	}

	private static void report(Section section, Charts charts, Map<Variant, List<Trial>> trials, Duration giveUp) {
		List<Trial> ours = trials.get(Variant.HEALTH_GRPC);
		List<Trial> builtIn = trials.get(Variant.BUILT_IN);
		long limit = PERIOD.plus(INDICATOR_TIMEOUT).toNanos();
		long oursWorst = ours.stream()
			.mapToLong(Trial::whileHung)
			.map((t) -> (t < 0) ? Long.MAX_VALUE : t)
			.max()
			.orElse(0);
		long oursSeen = ours.stream().filter((t) -> t.whileHung() >= 0).count();
		long builtInSeen = builtIn.stream().filter((t) -> t.whileHung() >= 0).count();
		section.verdict(
				"Boot 4.1: a DOWN database shows on `db` while another indicator hangs, within one refresh interval "
						+ "+ the indicator timeout (" + PERIOD.toSeconds() + " s + " + INDICATOR_TIMEOUT.toSeconds()
						+ " s; health-grpc)",
				"health-grpc: " + summary(ours, Trial::whileHung, giveUp) + "; Boot 4.1 built-in: "
						+ summary(builtIn, Trial::whileHung, giveUp),
				oursSeen == ours.size() && oursWorst <= limit);
		section.shown("Boot 4.1: the same with nothing hanging (the control)",
				"health-grpc: " + summary(ours, Trial::alone, giveUp) + "; Boot 4.1 built-in: "
						+ summary(builtIn, Trial::alone, giveUp));
		section.paragraph("Each run starts the Spring Boot 4.1 application in a fresh JVM per variant (the two "
				+ "variants run at the same time, each in its own JVM: what is timed here is seconds of scheduling, "
				+ "which the other JVM does not change). Both variants have their defaults: health-grpc re-evaluates "
				+ "every " + PERIOD.toSeconds() + " s (`grpc.health.refresh-interval`), with "
				+ INDICATOR_TIMEOUT.toSeconds() + " s per indicator (`grpc.health.indicator-timeout`); Boot's "
				+ "built-in service updates every " + PERIOD.toSeconds() + " s after a first delay of "
				+ PERIOD.toSeconds() + " s (`spring.grpc.server.health.schedule.*`) and is given "
				+ "`spring.grpc.server.health.service.db.include=db`, so that it publishes `db` next to `\"\"`. "
				+ "The benchmark watches `db` and `\"\"` (one Watch each) and waits until `db` is SERVING. Then, "
				+ "at a random point of the update cycle, it switches the `db` indicator DOWN and times the Watch "
				+ "message NOT_SERVING on `db` (the control), switches it UP again and waits for SERVING. Then it "
				+ "makes `downstream` hang (its next call blocks, as a client without a timeout waiting on a peer "
				+ "that went silent), waits until a call has started to hang, waits " + INDICATOR_TIMEOUT.toSeconds()
				+ ".2 s (health-grpc's indicator timeout, and a little) and a random part of a cycle, switches `db` "
				+ "DOWN again and times NOT_SERVING on `db`, giving up after " + giveUp.toSeconds() + " s ("
				+ giveUp.dividedBy(PERIOD) + " update periods). Then the hung call is released; where "
				+ "NOT_SERVING had not come, the time from the release is shown too.");
		List<List<String>> rows = new ArrayList<>();
		trials.forEach((variant, list) -> {
			for (int i = 0; i < list.size(); i++) {
				Trial t = list.get(i);
				rows.add(List.of(variant.label(), String.valueOf(i + 1), time(t.alone(), giveUp),
						time(t.whileHung(), giveUp), String.valueOf(t.overallWhileHung()),
						(t.afterRelease() >= 0) ? Fmt.ms(t.afterRelease()) : ((t.whileHung() >= 0) ? "" : "not seen")));
			}
		});
		section.table(List.of("Service", "run", "`db` DOWN → NOT_SERVING, nothing hangs",
				"`db` DOWN → NOT_SERVING, `downstream` hangs", "`\"\"` when `db` went DOWN during the hang",
				"NOT_SERVING on `db` after the hung call returned"), rows);
		long oursOverallDown = ours.stream().filter((t) -> t.overallWhileHung() == ServingStatus.NOT_SERVING).count();
		long builtInOverallServing = builtIn.stream()
			.filter((t) -> t.overallWhileHung() == ServingStatus.SERVING)
			.count();
		section.paragraph("health-grpc calls the indicators of a cycle in parallel and waits at most the indicator "
				+ "timeout for them: a hung call counts as DOWN (timed out) for the names that include it, here "
				+ "`downstream` and `\"\"` (`\"\"` was NOT_SERVING when the database went DOWN in " + oursOverallDown
				+ " of " + ours.size() + " runs); while the call stays hung it is not called again and the next "
				+ "cycles do not wait for it, so `db` turns NOT_SERVING at the next refresh, on average half an "
				+ "interval later, as it does with nothing hanging. Boot's built-in service updates `\"\"` and then "
				+ "each declared name by calling the indicators one after another on its scheduler thread, with no "
				+ "timeout (`GrpcServerHealth.update`): the first call of the hung indicator blocks that update and, "
				+ "as the updates are one fixed-rate task, every later one. Until the call returns, every name keeps "
				+ "the status of the last completed update: `db` stays SERVING with the database down, and `\"\"` "
				+ "stays SERVING although one of its indicators does not answer (SERVING when the database went "
				+ "DOWN in " + builtInOverallServing + " of " + builtIn.size() + " runs).");
		if (oursSeen < ours.size() || oursWorst > limit) {
			section.paragraph("**Target missed in this run:** health-grpc took longer than " + Fmt.seconds(limit)
					+ " in at least one run (see the table).");
		}
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		for (Variant variant : trials.keySet()) {
			List<Trial> list = trials.get(variant);
			series.put(variant.label(),
					List.of(medianMs(list, Trial::alone, giveUp), medianMs(list, Trial::whileHung, giveUp)));
		}
		section.chart(charts.bars("boot4-hang",
				"Boot 4.1: DOWN database to NOT_SERVING, median (" + giveUp.toSeconds() + " s = not seen, gave up)",
				"ms", false, List.of("nothing hangs", "downstream hangs"), series));
	}

	private static String summary(List<Trial> trials, java.util.function.ToLongFunction<Trial> figure,
			Duration giveUp) {
		long seen = trials.stream().mapToLong(figure).filter((t) -> t >= 0).count();
		if (seen == 0) {
			return "not within " + giveUp.toSeconds() + " s in any of " + trials.size() + " runs";
		}
		Samples samples = new Samples();
		trials.stream().mapToLong(figure).filter((t) -> t >= 0).forEach(samples::add);
		String text = "median " + Fmt.seconds(samples.percentile(50)) + ", max " + Fmt.seconds(samples.max());
		return text + ((seen < trials.size()) ? " (" + (trials.size() - seen) + " of " + trials.size()
				+ " runs: not within " + giveUp.toSeconds() + " s)" : " over " + trials.size() + " runs");
	}

	private static long medianMs(List<Trial> trials, java.util.function.ToLongFunction<Trial> figure, Duration giveUp) {
		double median = Samples
			.median(trials.stream().mapToLong(figure).mapToDouble((t) -> (t >= 0) ? t : giveUp.toNanos()).toArray());
		return Math.round(median / 1e6);
	}

}
