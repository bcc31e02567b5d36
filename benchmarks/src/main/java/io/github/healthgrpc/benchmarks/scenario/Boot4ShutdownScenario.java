package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.scenario.Boot4Runs.Variant;
import io.github.healthgrpc.benchmarks.scenario.ShutdownScenario.Close;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;

/**
 * Scenario 10: closing the Spring Boot 4.1 application while many Watch streams are open,
 * with health-grpc and with Boot's own health service.
 */
public final class Boot4ShutdownScenario implements Scenario {

	@Override
	public String id() {
		return "boot4-shutdown";
	}

	@Override
	public String title() {
		return "10. Boot 4.1: shutdown with open watchers";
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int watchers = settings.integer("shutdown.watchers");
		int runs = settings.integer("shutdown.runs");
		Duration drain = settings.duration("shutdown.drain-delay");
		Duration grace = settings.duration("shutdown.grace-period");
		Map<Variant, List<Close>> closes = new LinkedHashMap<>();
		closes.put(Variant.HEALTH_GRPC, new ArrayList<>());
		closes.put(Variant.BUILT_IN, new ArrayList<>());
		for (int run = 0; run < runs; run++) {
			for (Variant variant : closes.keySet()) {
				closes.get(variant).add(closeOnce(variant, watchers, drain, grace));
			}
		}
		report(section, charts, closes, watchers, drain, grace);
	}

	private static Close closeOnce(Variant variant, int count, Duration drain, Duration grace) throws Exception {
		List<String> args = new ArrayList<>();
		args.add("--spring.grpc.server.shutdown.grace-period=" + grace.toMillis() + "ms");
		if (variant == Variant.HEALTH_GRPC) {
			args.add("--grpc.health.shutdown.drain-delay=" + drain.toMillis() + "ms");
		}
		try (ChildJvm app = Boot4Runs.start("boot4-shutdown", variant, args)) {
			int port = Boot4Runs.port(Boot4Runs.awaitReady(app, variant));
			return ShutdownScenario.closeWithWatchers(app, port, count, grace, variant.label());
		}
	}

	private static String step(long nanos) {
		return (nanos >= 0) ? Fmt.ms(nanos) : "n/a";
	}

	private static void report(Section section, Charts charts, Map<Variant, List<Close>> closes, int watchers,
			Duration drain, Duration grace) {
		List<Close> ours = closes.get(Variant.HEALTH_GRPC);
		List<Close> builtIn = closes.get(Variant.BUILT_IN);
		double oursWorstExit = ours.stream().mapToLong(Close::exit).max().orElse(0);
		double builtInWorstExit = builtIn.stream().mapToLong(Close::exit).max().orElse(0);
		long limit = drain.toNanos() + 1_000_000_000L;
		section.verdict(
				"Boot 4.1: context close with " + Fmt.count(watchers) + " open watchers: process exits within drain "
						+ "delay (" + drain.toMillis() + " ms) + 1 s",
				"health-grpc: " + Fmt.seconds(oursWorstExit) + " (slowest of " + ours.size() + "); Boot 4.1 built-in: "
						+ Fmt.seconds(builtInWorstExit) + " (grace period " + grace.toSeconds() + " s)",
				oursWorstExit <= limit);
		long toldAll = ours.stream().filter((c) -> c.told().size() == watchers).count();
		section.verdict(
				"Boot 4.1: every watcher is told NOT_SERVING before its stream ends (health-grpc; PROTOCOL.md rule 16)",
				"in " + toldAll + " of " + ours.size() + " runs all " + Fmt.count(watchers)
						+ " were; Boot 4.1 built-in " + "told "
						+ builtIn.stream().mapToInt((c) -> c.told().size()).max().orElse(0),
				toldAll == ours.size());
		section.paragraph("The Spring Boot 4.1 application runs in a fresh JVM with "
				+ "`spring.grpc.server.shutdown.grace-period=" + grace.toMillis() + "ms` (Boot's default is 30 s; "
				+ "the same " + grace.toSeconds() + " s as scenario 6); with health-grpc also "
				+ "`grpc.health.shutdown.drain-delay=" + drain.toMillis() + "ms`, without it Boot's built-in "
				+ "health service with its defaults. The benchmark opens " + Fmt.count(watchers) + " Watch streams "
				+ "on `\"\"` over 2 channels, then tells the application to close its context and exit. Times are "
				+ "from that command; *server shutdown began* and *server terminated* are Spring gRPC's "
				+ "`GrpcServerShutdownEvent` and `GrpcServerTerminatedEvent`, timed by the application from the "
				+ "start of its `context.close()`.");
		List<List<String>> rows = new ArrayList<>();
		closes.forEach((variant, list) -> {
			for (int i = 0; i < list.size(); i++) {
				Close c = list.get(i);
				rows.add(List.of(variant.label(), String.valueOf(i + 1), step(c.serverShutdown()),
						step(c.serverTerminated()), Fmt.ms(c.contextClose()), Fmt.ms(c.exit()),
						Fmt.count(c.told().size()) + (c.told().isEmpty() ? ""
								: ", half by " + Fmt.ms(c.told().percentile(50)) + ", all by "
										+ Fmt.ms(c.told().max())),
						ShutdownScenario.codes(c.codes())
								+ (c.ended().isEmpty() ? "" : ", all by " + Fmt.ms(c.ended().max()))));
			}
		});
		section.table(List.of("Server", "run", "server shutdown began", "server terminated", "context close",
				"process exit", "watchers told NOT_SERVING", "how the streams ended"), rows);
		section.paragraph("health-grpc does on Boot 4.1 what it does on net.devh: every name NOT_SERVING as soon as "
				+ "the context starts closing, the drain delay while the server still answers, then the open Watch "
				+ "streams completed, so that Spring gRPC's `GrpcServerLifecycle.stop()` (`server.shutdown()`, then "
				+ "`awaitTermination` for the grace period, then `shutdownNow()`) finds no call left to wait for. "
				+ "Boot's built-in service says nothing when the context closes: the lifecycle stops the server "
				+ "first and waits the grace period for the open streams, then cancels them; grpc-java's "
				+ "`HealthStatusManager.enterTerminalState()`, which would tell watchers NOT_SERVING, is the bean's "
				+ "destroy method and runs only after that, when no stream is left.");
		List<String> names = closes.keySet().stream().map(Variant::label).toList();
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		series.put("context close (median)", closes.values()
			.stream()
			.map((list) -> Math.round(Samples.median(list.stream().mapToDouble(Close::contextClose).toArray()) / 1e6))
			.toList());
		series.put("process exit (median)",
				closes.values()
					.stream()
					.map((list) -> Math.round(Samples.median(list.stream().mapToDouble(Close::exit).toArray()) / 1e6))
					.toList());
		section.chart(charts.bars("boot4-shutdown",
				"Boot 4.1: shutdown with " + Fmt.count(watchers) + " open Watch streams", "ms", false, names, series));
	}

}
