package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.scenario.Boot4Runs.Variant;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Netty;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * Scenario 9: what the health service answers from the moment the gRPC port opens, with
 * the database up and with it down from the start, on Spring Boot 4.1 with health-grpc
 * and with Boot's own health service.
 */
public final class Boot4StartupScenario implements Scenario {

	/** Pause between two rounds of Checks (one on each name). */
	private static final long POLL_PAUSE_MILLIS = 2;

	/**
	 * How long after the port opens the answers are watched at least: past the built-in
	 * service's first update, 5 s after its server started.
	 */
	private static final Duration OBSERVE = Duration.ofSeconds(6);

	@Override
	public String id() {
		return "boot4-startup";
	}

	@Override
	public String title() {
		return "9. Boot 4.1: the first answer at start-up";
	}

	/**
	 * What one name answered during one start; times in nanoseconds from the process
	 * start.
	 *
	 * @param firstAt the first answer
	 * @param first what it was (a status, or the error code)
	 * @param rightAt the first answer that matched the indicators (-1: none)
	 * @param servingWhileDown answers SERVING although the database was down
	 * @param lastServingWhileDownAt the last of those (-1: none)
	 * @param answers every answer until the end of the start
	 */
	record Answers(long firstAt, String first, long rightAt, int servingWhileDown, long lastServingWhileDownAt,
			int answers) {
	}

	/**
	 * One start; times in nanoseconds from the process start.
	 *
	 * @param listening the LISTENING line (gRPC server started)
	 * @param firstEvaluation the first call of the {@code db} indicator
	 * @param ready the READY line (after ApplicationReadyEvent)
	 * @param overall what {@code ""} answered
	 * @param db what {@code db} answered
	 */
	record Start(long listening, long firstEvaluation, long ready, Answers overall, Answers db) {
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int runs = settings.integer("boot4.startup.runs");
		Map<String, List<Start>> starts = new LinkedHashMap<>();
		List<String> keys = new ArrayList<>();
		for (boolean dbUp : List.of(true, false)) {
			for (Variant variant : Variant.values()) {
				String key = key(variant, dbUp);
				keys.add(key);
				starts.put(key, new ArrayList<>());
			}
		}
		warmUpClient();
		// One start of each kind per round, in rotating order.
		for (int round = 0; round < runs; round++) {
			for (int i = 0; i < keys.size(); i++) {
				String key = keys.get((i + round) % keys.size());
				Variant variant = key.startsWith(Variant.HEALTH_GRPC.label()) ? Variant.HEALTH_GRPC : Variant.BUILT_IN;
				boolean dbUp = key.endsWith("UP");
				Start start = startOnce(variant, dbUp);
				starts.get(key).add(start);
				System.out.printf(
						"   %-36s port %s, indicators %s, \"\" first %s at %s right at %s, db first %s at %s right at %s, "
								+ "SERVING while DOWN %d/%d, ready %s%n",
						key, Fmt.ms(start.listening()), Fmt.ms(start.firstEvaluation()), start.overall().first(),
						Fmt.ms(start.overall().firstAt()), at(start.overall().rightAt()), start.db().first(),
						Fmt.ms(start.db().firstAt()), at(start.db().rightAt()), start.overall().servingWhileDown(),
						start.db().servingWhileDown(), Fmt.ms(start.ready()));
			}
		}
		report(section, charts, starts, runs);
	}

	/**
	 * Loads and compiles this JVM's side of a Check (channel, stub, Netty) against a
	 * server of its own, so that the first start measured does not pay for it.
	 */
	private static void warmUpClient() {
		HealthStatusManager health = new HealthStatusManager();
		Server server = Netty.start(health.getHealthService());
		try {
			for (int i = 0; i < 20; i++) {
				ManagedChannel channel = Netty.channel(server.getPort());
				try {
					HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);
					for (int j = 0; j < 50; j++) {
						stub.withDeadlineAfter(5, TimeUnit.SECONDS)
							.check(HealthCheckRequest.newBuilder().setService("").build());
					}
				}
				finally {
					Netty.stop(List.of(channel));
				}
			}
		}
		finally {
			Netty.stop(server);
		}
	}

	private static String key(Variant variant, boolean dbUp) {
		return variant.label() + ", database " + (dbUp ? "UP" : "DOWN");
	}

	private static Start startOnce(Variant variant, boolean dbUp) throws Exception {
		List<String> args = dbUp ? List.of() : List.of("--benchmark.db=down");
		ServingStatus right = dbUp ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
		try (ChildJvm app = Boot4Runs.start("boot4-startup", variant, args)) {
			long listeningAt = app.awaitSeen("LISTENING", Duration.ofSeconds(120));
			int port = Integer.parseInt(AppRuns.field(app.expect("LISTENING", Duration.ofSeconds(5)), "port"));
			Poll overall = new Poll("", dbUp);
			Poll db = new Poll("db", dbUp);
			ManagedChannel channel = Netty.channel(port);
			try {
				HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				// Both services are watched for the same time at least, past Boot's first
				// update.
				long observedUntil = listeningAt + OBSERVE.toNanos();
				while (System.nanoTime() < deadline) {
					overall.check(stub);
					db.check(stub);
					if (overall.rightAt >= 0 && db.rightAt >= 0 && seen(app, "READY")
							&& System.nanoTime() >= observedUntil) {
						break;
					}
					Thread.sleep(POLL_PAUSE_MILLIS);
				}
			}
			finally {
				Netty.stop(List.of(channel));
			}
			Boot4Runs.awaitReady(app, variant);
			long readyAt = app.awaitSeen("READY", Duration.ofSeconds(5));
			long evaluatedAt = app.awaitSeen("FIRST_EVALUATION", Duration.ofSeconds(30));
			app.send("CLOSE");
			app.expect("CLOSED", Duration.ofSeconds(60));
			app.awaitExit(Duration.ofSeconds(30));
			long origin = app.startedNanos();
			if (overall.rightAt < 0 || db.rightAt < 0) {
				System.out.printf("   %s: no answer %s within 30 s on %s%n", variant.label(), right,
						(overall.rightAt < 0) ? "\"\"" : "db");
			}
			return new Start(listeningAt - origin, evaluatedAt - origin, readyAt - origin, overall.result(origin),
					db.result(origin));
		}
	}

	private static boolean seen(ChildJvm app, String prefix) {
		try {
			app.awaitSeen(prefix, Duration.ZERO);
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private static String at(long nanos) {
		return (nanos >= 0) ? Fmt.ms(nanos) : "never";
	}

	/** The answers of one name during one start. */
	private static final class Poll {

		private final HealthCheckRequest request;

		private final boolean dbUp;

		private long firstAt = -1;

		private String first;

		private long rightAt = -1;

		private int servingWhileDown;

		private long lastServingWhileDownAt = -1;

		private int answers;

		Poll(String service, boolean dbUp) {
			this.request = HealthCheckRequest.newBuilder().setService(service).build();
			this.dbUp = dbUp;
		}

		void check(HealthGrpc.HealthBlockingStub stub) {
			String answer;
			try {
				answer = stub.withDeadlineAfter(5, TimeUnit.SECONDS).check(this.request).getStatus().name();
			}
			catch (StatusRuntimeException ex) {
				answer = ex.getStatus().getCode().name();
			}
			long now = System.nanoTime();
			this.answers++;
			if (this.first == null) {
				this.first = answer;
				this.firstAt = now;
			}
			ServingStatus right = this.dbUp ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
			if (this.rightAt < 0 && answer.equals(right.name())) {
				this.rightAt = now;
			}
			if (!this.dbUp && answer.equals(ServingStatus.SERVING.name())) {
				this.servingWhileDown++;
				this.lastServingWhileDownAt = now;
			}
		}

		Answers result(long origin) {
			return new Answers(this.firstAt - origin, this.first, (this.rightAt >= 0) ? this.rightAt - origin : -1,
					this.servingWhileDown,
					(this.lastServingWhileDownAt >= 0) ? this.lastServingWhileDownAt - origin : -1, this.answers);
		}

	}

	private static double median(List<Start> starts, ToLongFunction<Start> figure) {
		return Samples.median(starts.stream().mapToLong(figure).filter((t) -> t >= 0).mapToDouble((t) -> t).toArray());
	}

	/**
	 * The median, over the starts where it happened, of a time after the port opened
	 * (negative: before).
	 */
	private static double afterPort(List<Start> starts, ToLongFunction<Start> figure) {
		double[] values = starts.stream()
			.filter((s) -> figure.applyAsLong(s) >= 0)
			.mapToDouble((s) -> figure.applyAsLong(s) - s.listening())
			.sorted()
			.toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static String signed(double nanos) {
		if (Double.isNaN(nanos)) {
			return "n/a";
		}
		return (nanos < 0) ? Fmt.ms(-nanos) + " before" : "+" + Fmt.ms(nanos);
	}

	/** Each distinct first answer, in order. */
	private static String firsts(List<Start> starts, Function<Start, Answers> name) {
		Set<String> distinct = new LinkedHashSet<>();
		starts.forEach((s) -> distinct.add(name.apply(s).first()));
		return String.join(" / ", distinct);
	}

	private static String rightFrom(List<Start> starts, Function<Start, Answers> name) {
		long never = starts.stream().filter((s) -> name.apply(s).rightAt() < 0).count();
		String median = signed(afterPort(starts, (s) -> name.apply(s).rightAt()));
		return (never == 0) ? median : median + " (" + never + " of " + starts.size() + " never, within 30 s)";
	}

	/**
	 * How many Checks (on both names, all starts) answered SERVING although the database
	 * was down, and until when.
	 */
	private static String servingWhileDown(List<Start> starts) {
		int wrong = starts.stream().mapToInt((s) -> s.overall().servingWhileDown() + s.db().servingWhileDown()).sum();
		int all = starts.stream().mapToInt((s) -> s.overall().answers() + s.db().answers()).sum();
		if (wrong == 0) {
			return "never (0 of " + Fmt.count(all) + " Checks)";
		}
		double until = afterPort(starts,
				(s) -> Math.max(s.overall().lastServingWhileDownAt(), s.db().lastServingWhileDownAt()));
		return "until " + signed(until) + " (" + Fmt.count(wrong) + " of " + Fmt.count(all) + " Checks)";
	}

	private static void report(Section section, Charts charts, Map<String, List<Start>> starts, int runs) {
		List<Start> oursDown = starts.get(key(Variant.HEALTH_GRPC, false));
		List<Start> builtInDown = starts.get(key(Variant.BUILT_IN, false));
		List<Start> oursUp = starts.get(key(Variant.HEALTH_GRPC, true));
		List<Start> builtInUp = starts.get(key(Variant.BUILT_IN, true));
		int oursWrong = oursDown.stream()
			.mapToInt((s) -> s.overall().servingWhileDown() + s.db().servingWhileDown())
			.sum();
		boolean oursRightFromFirst = oursDown.stream()
			.allMatch((s) -> s.overall().first().equals("NOT_SERVING") && s.db().first().equals("NOT_SERVING"));
		int builtInWrong = builtInDown.stream()
			.mapToInt((s) -> s.overall().servingWhileDown() + s.db().servingWhileDown())
			.sum();
		double builtInWrongUntil = afterPort(builtInDown, (s) -> s.overall().lastServingWhileDownAt());
		section.verdict(
				"Boot 4.1, database DOWN from the start: no SERVING on `\"\"` or `db`, from the first Check on "
						+ "(health-grpc; PROTOCOL.md rule 15)",
				"health-grpc: " + Fmt.count(oursWrong) + " SERVING answers in " + oursDown.size()
						+ " starts, first answers `\"\"` " + firsts(oursDown, Start::overall) + ", `db` "
						+ firsts(oursDown, Start::db) + "; Boot 4.1 built-in: " + Fmt.count(builtInWrong)
						+ " SERVING answers in " + builtInDown.size() + " starts, `\"\"` SERVING until "
						+ signed(builtInWrongUntil) + " after the port opened (median), `db` "
						+ firsts(builtInDown, Start::db) + " until "
						+ signed(afterPort(builtInDown, (s) -> s.db().rightAt())),
				oursWrong == 0 && oursRightFromFirst);
		section.shown("Boot 4.1, database UP: from the port opening to `db` SERVING (median)",
				"health-grpc " + rightFrom(oursUp, Start::db) + " (first answer " + firsts(oursUp, Start::db)
						+ "); Boot 4.1 built-in " + rightFrom(builtInUp, Start::db) + " ("
						+ firsts(builtInUp, Start::db) + " before)");
		section.paragraph("The Spring Boot 4.1 application starts " + runs + " time(s) per kind in a fresh JVM ("
				+ String.join(" ", AppRuns.JVM_OPTIONS) + "), one start of each kind per round in rotating order: "
				+ "with health-grpc or Boot's built-in service (with `spring.grpc.server.health.service.db.include=db` "
				+ "and its defaults otherwise), and with the `db` indicator UP or DOWN from the start. As soon as the "
				+ "application says its gRPC server listens (from Spring gRPC's `GrpcServerStartedEvent`), the "
				+ "benchmark opens a channel and checks `\"\"` and `db` in a loop (one Check each, then "
				+ POLL_PAUSE_MILLIS + " ms) until both have given the answer that matches the indicators (SERVING "
				+ "with the database UP and the application ready, NOT_SERVING with it DOWN), the application is "
				+ "ready and " + OBSERVE.toSeconds() + " s have passed since the port opened (the same window for "
				+ "both services, past the built-in one's first update), or 30 s. *Port open* is from the start of the process; every other time is from the port "
				+ "opening (as the benchmark sees both): *indicators first called* is when the `db` indicator "
				+ "printed its first call, *right from* the first answer that matched the indicators, *ready* "
				+ "Spring Boot's `ApplicationReadyEvent`. The first answer comes a while after the port opens in "
				+ "either case: the benchmark's channel connects then, and the first call through a freshly started "
				+ "server loads and runs its code for the first time. Medians of the starts; first answers are "
				+ "listed when they differ between starts.");
		List<List<String>> rows = new ArrayList<>();
		starts.forEach((key,
				list) -> rows.add(List.of(key, Fmt.ms(median(list, Start::listening)),
						signed(afterPort(list, Start::firstEvaluation)),
						firsts(list, Start::overall) + " at " + signed(afterPort(list, (s) -> s.overall().firstAt())),
						rightFrom(list, Start::overall),
						firsts(list, Start::db) + " at " + signed(afterPort(list, (s) -> s.db().firstAt())),
						rightFrom(list, Start::db), key.endsWith("DOWN") ? servingWhileDown(list) : "",
						signed(afterPort(list, Start::ready)))));
		section.table(List.of("Service, `db` at start", "port open", "indicators first called",
				"first answer on `\"\"`", "`\"\"` right from", "first answer on `db`", "`db` right from",
				"SERVING while the database was DOWN", "ready"), rows);
		section.paragraph("health-grpc begins its first evaluation while Spring creates the application's beans and "
				+ "completes it before the gRPC server starts (its lifecycle has an earlier phase), so the first "
				+ "Check already answers from the indicators: `db` from its own "
				+ "result, `\"\"` from all of them, the readiness state included (the probes are on), which turns "
				+ "`\"\"` SERVING on Spring Boot's readiness event without waiting for the next refresh. Boot's "
				+ "built-in service starts with grpc-java's `HealthStatusManager`, in which `\"\"` is SERVING from the "
				+ "start, and runs its first update 5 s after the server started "
				+ "(`spring.grpc.server.health.schedule.delay`): until then `\"\"` answers SERVING whatever the "
				+ "indicators would say, the database down included, and a declared name such as `db` answers "
				+ "NOT_FOUND. Shortening the delay narrows that window but does not close it: the server accepts "
				+ "calls before the first update has run.");
		List<String> categories = new ArrayList<>();
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		List<Long> firstDb = new ArrayList<>();
		List<Long> dbRight = new ArrayList<>();
		List<Long> overallRight = new ArrayList<>();
		starts.forEach((key, list) -> {
			categories.add(key.replace(" (Boot 4.1)", "").replace("Boot 4.1 ", "").replace(", database", ", db"));
			firstDb.add(Math.round(afterPort(list, (s) -> s.db().firstAt()) / 1e6));
			dbRight.add(Math.round(afterPort(list, (s) -> s.db().rightAt()) / 1e6));
			overallRight.add(Math.round(afterPort(list, (s) -> s.overall().rightAt()) / 1e6));
		});
		series.put("first answer on db", firstDb);
		series.put("db right", dbRight);
		series.put("\"\" right", overallRight);
		section.chart(charts.bars("boot4-startup", "Boot 4.1: after the gRPC port opened, median", "ms", false,
				categories, series));
	}

}
