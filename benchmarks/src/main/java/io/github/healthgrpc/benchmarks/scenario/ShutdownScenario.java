package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;
import io.github.healthgrpc.benchmarks.support.Watchers;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;

/** Scenario 6: closing the application context while many Watch streams are open. */
public final class ShutdownScenario implements Scenario {

	@Override
	public String id() {
		return "shutdown";
	}

	@Override
	public String title() {
		return "6. Shutdown with open watchers";
	}

	/**
	 * One close.
	 *
	 * @param exit nanoseconds from the close command until the process ended
	 * @param contextClose the application's own time for {@code context.close()}
	 * @param told for each watcher told NOT_SERVING, when
	 * @param ended for each ended stream, when
	 * @param codes how the streams ended
	 * @param serverShutdown when the gRPC server's shutdown began, after the
	 * application's close began (-1: not reported)
	 * @param serverTerminated when the gRPC server had terminated (-1: not reported)
	 */
	record Close(long exit, long contextClose, Samples told, Samples ended, Map<Status.Code, Integer> codes,
			long serverShutdown, long serverTerminated) {
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int watchers = settings.integer("shutdown.watchers");
		int runs = settings.integer("shutdown.runs");
		Duration drain = settings.duration("shutdown.drain-delay");
		Duration grace = settings.duration("shutdown.grace-period");
		Map<String, List<Close>> closes = new LinkedHashMap<>();
		closes.put("health-grpc", new ArrayList<>());
		closes.put("stock (net.devh's own)", new ArrayList<>());
		for (int run = 0; run < runs; run++) {
			closes.get("health-grpc").add(closeOnce(true, watchers, drain, grace));
			closes.get("stock (net.devh's own)").add(closeOnce(false, watchers, drain, grace));
		}
		report(section, charts, closes, watchers, drain, grace);
	}

	private static Close closeOnce(boolean ours, int count, Duration drain, Duration grace) throws Exception {
		List<String> args = new ArrayList<>();
		args.add("--grpc.server.shutdown-grace-period=" + grace.toMillis() + "ms");
		if (ours) {
			args.add("--grpc.health.shutdown.drain-delay=" + drain.toMillis() + "ms");
		}
		try (ChildJvm app = AppRuns.start("shutdown-" + (ours ? "ours" : "stock"), ours, args)) {
			String ready = app.expect("READY", Duration.ofSeconds(120));
			int port = Integer.parseInt(AppRuns.field(ready, "port"));
			return closeWithWatchers(app, port, count, grace, ours ? "ours" : "stock");
		}
	}

	/**
	 * Opens Watch streams on {@code ""} to an application that is ready, tells it to
	 * close its context and exit, and times what the streams see.
	 */
	static Close closeWithWatchers(ChildJvm app, int port, int count, Duration grace, String label) throws Exception {
		try (Watchers watchers = new Watchers(port, count, 2)) {
			watchers.open("");
			if (!watchers.awaitFirstMessages(Duration.ofSeconds(60))) {
				throw new IllegalStateException(watchers.firstMessagesMissing() + " watchers had no first message");
			}
			CompletableFuture<Long> exited = app.process().onExit().thenApply((p) -> System.nanoTime());
			Watchers.Round told = watchers.expect(ServingStatus.NOT_SERVING);
			long start = told.start();
			app.send("CLOSE");
			String closed = "x " + app.expect("CLOSED", grace.plus(Duration.ofSeconds(60)));
			long contextClose = Long.parseLong(AppRuns.field(closed, "ms")) * 1_000_000;
			long exit = exited.get(60, TimeUnit.SECONDS) - start;
			watchers.awaitEnd(Duration.ofSeconds(5));
			Close close = new Close(exit, contextClose, told.times(), watchers.endTimes(start), watchers.endCodes(),
					optionalMillis(closed, "serverShutdownMs"), optionalMillis(closed, "serverTerminatedMs"));
			System.out.printf("   %-24s exit after %s (context close %s); told NOT_SERVING: %d; streams ended: %s%n",
					label, Fmt.ms(exit), Fmt.ms(contextClose), close.told().size(), close.codes());
			return close;
		}
	}

	private static void report(Section section, Charts charts, Map<String, List<Close>> closes, int watchers,
			Duration drain, Duration grace) {
		List<Close> ours = closes.get("health-grpc");
		List<Close> stock = closes.get("stock (net.devh's own)");
		double oursWorstExit = ours.stream().mapToLong(Close::exit).max().orElse(0);
		double stockWorstExit = stock.stream().mapToLong(Close::exit).max().orElse(0);
		long limit = drain.toNanos() + 1_000_000_000L;
		section.verdict(
				"Context close with " + Fmt.count(watchers) + " open watchers: process exits within drain delay ("
						+ drain.toMillis() + " ms) + 1 s",
				"health-grpc: " + Fmt.seconds(oursWorstExit) + " (slowest of " + ours.size() + "); stock: "
						+ Fmt.seconds(stockWorstExit) + " (grace period " + grace.toSeconds() + " s)",
				oursWorstExit <= limit);
		long toldAll = ours.stream().filter((c) -> c.told().size() == watchers).count();
		section.verdict("Every watcher is told NOT_SERVING before its stream ends (health-grpc; PROTOCOL.md rule 16)",
				"in " + toldAll + " of " + ours.size() + " runs all " + Fmt.count(watchers) + " were; stock told "
						+ stock.stream().mapToInt((c) -> c.told().size()).max().orElse(0),
				toldAll == ours.size());
		section.paragraph("`BenchmarkApp` (see Start-up cost) runs in a fresh JVM with "
				+ "`grpc.server.shutdown-grace-period=" + grace.toMillis() + "ms`; with health-grpc also "
				+ "`grpc.health.shutdown.drain-delay=" + drain.toMillis() + "ms`, without it net.devh serves its "
				+ "own `HealthStatusManager` service. The benchmark opens " + Fmt.count(watchers) + " Watch streams on "
				+ "`\"\"` over 2 channels, then tells the application to close its context and exit. Times are "
				+ "from that command.");
		List<List<String>> rows = new ArrayList<>();
		closes.forEach((name, list) -> {
			for (int i = 0; i < list.size(); i++) {
				Close c = list.get(i);
				rows.add(List.of(name, String.valueOf(i + 1), Fmt.ms(c.contextClose()), Fmt.ms(c.exit()),
						Fmt.count(c.told().size()) + (c.told().isEmpty() ? ""
								: ", half by " + Fmt.ms(c.told().percentile(50)) + ", all by "
										+ Fmt.ms(c.told().max())),
						codes(c.codes()) + (c.ended().isEmpty() ? "" : ", all by " + Fmt.ms(c.ended().max()))));
			}
		});
		section.table(List.of("Server", "run", "context close", "process exit", "watchers told NOT_SERVING",
				"how the streams ended"), rows);
		section.paragraph("health-grpc turns every name NOT_SERVING as soon as the context starts closing (its "
				+ "`ContextClosedEvent` listener runs before any lifecycle bean stops), keeps the server answering "
				+ "during the drain delay, then completes the open Watch streams (status OK), so net.devh's "
				+ "graceful `server.shutdown()` finds no call left to wait for. The stock service never says "
				+ "NOT_SERVING and leaves its Watch streams open: net.devh waits the whole grace period for them, "
				+ "then `shutdownNow()` cancels them, and clients see the connection go rather than a status.");
		List<String> names = new ArrayList<>(closes.keySet());
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		series.put("context close (median)",
				names.stream()
					.map((n) -> Math
						.round(Samples.median(closes.get(n).stream().mapToDouble(Close::contextClose).toArray()) / 1e6))
					.toList());
		series.put("process exit (median)", names.stream()
			.map((n) -> Math.round(Samples.median(closes.get(n).stream().mapToDouble(Close::exit).toArray()) / 1e6))
			.toList());
		section.chart(charts.bars("shutdown", "Shutdown with " + Fmt.count(watchers) + " open Watch streams", "ms",
				false, names, series));
	}

	/** A field in milliseconds of a line, as nanoseconds, or -1 where it is missing. */
	private static long optionalMillis(String line, String name) {
		for (String part : line.split(" ")) {
			if (part.startsWith(name + "=")) {
				long millis = Long.parseLong(part.substring(name.length() + 1));
				return (millis >= 0) ? millis * 1_000_000 : -1;
			}
		}
		return -1;
	}

	static String codes(Map<Status.Code, Integer> codes) {
		StringBuilder text = new StringBuilder();
		codes.forEach((code, n) -> text.append((text.length() > 0) ? ", " : "")
			.append(Fmt.count(n))
			.append(' ')
			.append((code != null) ? code.name() : "still open"));
		return text.toString();
	}

}
