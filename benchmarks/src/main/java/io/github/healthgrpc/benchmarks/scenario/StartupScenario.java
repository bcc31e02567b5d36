package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.benchmarks.report.Results;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Line;
import io.github.healthgrpc.benchmarks.support.Stats;
import io.github.healthgrpc.benchmarks.support.Watchers;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;

/**
 * A start of each line's application, with health-grpc and without its jars, the database
 * UP or DOWN from the start, one start of each kind per round in rotating order: what
 * Check answers on {@code ""} and {@code db} from the moment the gRPC port opens, and
 * (information only) the time until ready and the classes loaded until then.
 */
final class StartupScenario implements Scenario {

	@Override
	public String id() {
		return "startup";
	}

	@Override
	public Results run(Settings settings) throws Exception {
		Results results = new Results();
		List<Map<String, Object>> starts = new ArrayList<>();
		// Not counted: loads and compiles this JVM's side of a Check (channel, stub,
		// Netty).
		start(Line.BOOT3, true, true);
		for (int round = 0; round < settings.integer("startup.runs"); round++) {
			for (int i = 0; i < 8; i++) {
				int kind = (i + round) % 8;
				Line line = Line.values()[kind / 4];
				starts.add(start(line, kind % 2 == 0, kind % 4 < 2));
				results.add("starts", starts.get(starts.size() - 1));
			}
		}
		List<Double> right = new ArrayList<>();
		for (Line line : Line.values()) {
			for (String service : List.of("health-grpc", line.other())) {
				List<Map<String, Object>> mine = starts.stream()
					.filter((s) -> s.get("line").equals(line.label()) && s.get("service").equals(service))
					.toList();
				List<Map<String, Object>> down = mine.stream().filter((s) -> s.get("db").equals("DOWN")).toList();
				results.put(line.key() + "." + (service.equals("health-grpc") ? service : "other"), Results.row(
						"servingWhileDown", down.stream().mapToInt((s) -> (Integer) s.get("servingWhileDown")).sum(),
						"checksWhileDown", down.stream().mapToInt((s) -> (Integer) s.get("checks")).sum(), "firstDown",
						down.stream().map((s) -> s.get("overallFirst") + " / " + s.get("dbFirst")).distinct().toList(),
						"dbRightUp", median(mine.stream().filter((s) -> s.get("db").equals("UP")).toList(), "dbRight"),
						"ready", median(mine, "ready"), "classes", median(mine, "classes")));
				right.add(median(mine.stream().filter((s) -> s.get("db").equals("UP")).toList(), "dbRight") / 1e6);
			}
			String ours = line.key() + ".health-grpc.";
			results.verdict(line.key(),
					results.get(ours + "servingWhileDown").asInt() == 0
							&& results.get(ours + "firstDown").toString().equals("[\"NOT_SERVING / NOT_SERVING\"]"),
					true);
		}
		return results.bars("startup", "From the port opening until db answers SERVING (database UP), median", "ms",
				false, List.of("3.5, health-grpc", "3.5, stock", "4.1, health-grpc", "4.1, built-in"),
				Results.row("db SERVING", right));
	}

	private static double median(List<Map<String, Object>> starts, String figure) {
		return Stats.median(starts.stream()
			.filter((s) -> s.get(figure) != null)
			.mapToDouble((s) -> ((Number) s.get(figure)).doubleValue())
			.toArray());
	}

	/**
	 * One start: Checks on both names (then 2 ms) until both have answered as the
	 * indicators say and 6 s have passed since the port opened (past the first update of
	 * Spring Boot 4.1's service), or 10 s. Times from the port opening, but for the port
	 * and ready, from the start of the process.
	 */
	private static Map<String, Object> start(Line line, boolean ours, boolean dbUp) throws Exception {
		String right = dbUp ? "SERVING" : "NOT_SERVING";
		try (ChildJvm app = line.start(ours, dbUp ? List.of() : List.of("--benchmark.db=down"))) {
			ChildJvm.Output listening = app.await("LISTENING", Duration.ofSeconds(120));
			long open = listening.nanos();
			Poll[] polls = { new Poll(""), new Poll("db") };
			ManagedChannel channel = Watchers.channel(Integer.parseInt(listening.field("port")));
			HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);
			while (System.nanoTime() < open + 10_000_000_000L && (polls[0].rightAt == null || polls[1].rightAt == null
					|| System.nanoTime() < open + 6_000_000_000L)) {
				for (Poll poll : polls) {
					poll.check(stub, right, open);
				}
				Thread.sleep(2);
			}
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			ChildJvm.Output ready = line.awaitReady(app, ours);
			// net.devh's stock service calls no indicator.
			Long evaluated = (ours || line == Line.BOOT4)
					? app.await("FIRST_EVALUATION", Duration.ofSeconds(30)).nanos() - open : null;
			app.closeApplication();
			return Results.row("line", line.label(), "service", ours ? "health-grpc" : line.other(), "db",
					dbUp ? "UP" : "DOWN", "portOpen", open - app.startedNanos(), "ready",
					ready.nanos() - app.startedNanos(), "classes", Long.parseLong(ready.field("classes")),
					"firstEvaluation", evaluated, "overallFirst", polls[0].first, "overallRight", polls[0].rightAt,
					"dbFirst", polls[1].first, "dbRight", polls[1].rightAt, "servingWhileDown",
					dbUp ? 0 : polls[0].serving + polls[1].serving, "checks", polls[0].checks + polls[1].checks);
		}
	}

	/** The answers on one name during a start, times from the port opening. */
	private static final class Poll {

		private final HealthCheckRequest request;

		private String first;

		private Long rightAt;

		private int serving;

		private int checks;

		Poll(String name) {
			this.request = HealthCheckRequest.newBuilder().setService(name).build();
		}

		void check(HealthGrpc.HealthBlockingStub stub, String right, long open) {
			String answer;
			try {
				answer = stub.withDeadlineAfter(5, TimeUnit.SECONDS).check(this.request).getStatus().name();
			}
			catch (StatusRuntimeException ex) {
				answer = ex.getStatus().getCode().name();
			}
			this.first = (this.first != null) ? this.first : answer;
			if (this.rightAt == null && answer.equals(right)) {
				this.rightAt = System.nanoTime() - open;
			}
			this.serving += answer.equals("SERVING") ? 1 : 0;
			this.checks++;
		}

	}

}
