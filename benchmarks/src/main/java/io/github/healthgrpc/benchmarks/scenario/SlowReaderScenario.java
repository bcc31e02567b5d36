package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.server.WatchServerMain;
import io.github.healthgrpc.benchmarks.support.ChildClasspath;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Netty;
import io.github.healthgrpc.benchmarks.support.Section;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

/**
 * Scenario 3: one Watch whose client never reads (manual flow control, no message ever
 * requested) while the status changes very often; the server's memory at checkpoints.
 */
public final class SlowReaderScenario implements Scenario {

	private static final int MAX_SECONDS = 90;

	@Override
	public String id() {
		return "slowreader";
	}

	@Override
	public String title() {
		return "3. Slow reader";
	}

	/** Server memory after a number of changes. */
	record Checkpoint(long changes, long heap, long direct, long rss, long elapsedMs) {
	}

	/**
	 * One contender's run.
	 *
	 * @param checkpoints memory along the way
	 * @param changes changes made
	 * @param stopped "complete", or why the run was cut short
	 * @param elapsedMs how long the changes took
	 * @param delivered messages the reader got once it started reading
	 * @param lastDelivered the last status it got
	 * @param finalStatus the status the server ended with
	 */
	record Outcome(List<Checkpoint> checkpoints, long changes, String stopped, long elapsedMs, long delivered,
			HealthCheckResponse.ServingStatus lastDelivered, HealthCheckResponse.ServingStatus finalStatus) {
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int changes = settings.integer("slowreader.changes");
		int checkpoints = settings.integer("slowreader.checkpoints");
		String heap = settings.string("slowreader.child-heap");
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		outcomes.put("health-grpc", measure("ours", changes, checkpoints, heap));
		outcomes.put("stock", measure("stock", changes, checkpoints, heap));
		report(section, charts, outcomes, changes, heap);
	}

	private static Outcome measure(String contender, int changes, int checkpoints, String heap) throws Exception {
		// The heap and direct-memory caps keep a contender that queues every message
		// inside a small box.
		// Serial GC: heap in use after a full GC is exact, where G1 counts whole regions.
		List<String> options = List.of("-Xms" + heap, "-Xmx" + heap, "-XX:MaxDirectMemorySize=" + heap,
				"-XX:+UseSerialGC");
		try (ChildJvm server = ChildJvm.start("slow-reader-" + contender, ChildClasspath.benchmarks(), options,
				WatchServerMain.class.getName(), List.of(contender))) {
			int port = Integer.parseInt(server.expect("PORT", Duration.ofSeconds(60)));
			ManagedChannel channel = Netty.channel(port);
			AtomicLong delivered = new AtomicLong();
			AtomicReference<HealthCheckResponse.ServingStatus> last = new AtomicReference<>();
			AtomicLong lastAt = new AtomicLong(System.nanoTime());
			AtomicReference<Status> closed = new AtomicReference<>();
			try {
				ClientCall<HealthCheckRequest, HealthCheckResponse> call = channel.newCall(HealthGrpc.getWatchMethod(),
						CallOptions.DEFAULT);
				call.start(new ClientCall.Listener<>() {

					@Override
					public void onMessage(HealthCheckResponse message) {
						delivered.incrementAndGet();
						last.set(message.getStatus());
						lastAt.set(System.nanoTime());
					}

					@Override
					public void onClose(Status status, Metadata trailers) {
						closed.set(status);
					}

				}, new Metadata());
				call.sendMessage(HealthCheckRequest.newBuilder().setService("").build());
				call.halfClose();
				// No call.request(): the client never asks for a message, so the stream's
				// window fills up.
				waitForOpenCall(server);
				List<Checkpoint> points = new ArrayList<>();
				server.send("FLIPS " + changes + " " + checkpoints + " " + MAX_SECONDS);
				String flipped = null;
				while (flipped == null) {
					String line;
					try {
						line = nextReport(server, Duration.ofSeconds(MAX_SECONDS + 120));
					}
					catch (IllegalStateException ex) {
						if (server.process().isAlive()) {
							throw ex;
						}
						// The server died (out of memory, say): that is the finding.
						long made = points.isEmpty() ? 0 : points.get(points.size() - 1).changes();
						long elapsed = points.isEmpty() ? 0 : points.get(points.size() - 1).elapsedMs();
						System.out.printf("   %-6s server died after about %,d changes (exit code %d)%n", contender,
								made, server.process().exitValue());
						return new Outcome(points, made, "server died (exit code " + server.process().exitValue() + ")",
								elapsed, 0, null, null);
					}
					if (line.startsWith("CHECKPOINT")) {
						String[] f = line.split(" ");
						Checkpoint point = new Checkpoint(Long.parseLong(f[1]), Long.parseLong(f[2]),
								Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]));
						points.add(point);
						System.out.printf("   %-6s %,9d changes: heap %s, Netty direct %s, RSS %s (%,d ms)%n",
								contender, point.changes(), Fmt.bytes(point.heap()), Fmt.bytes(point.direct()),
								Fmt.bytes(point.rss()), point.elapsedMs());
					}
					else {
						flipped = line;
					}
				}
				String[] f = flipped.split(" ");
				long made = Long.parseLong(f[1]);
				HealthCheckResponse.ServingStatus finalStatus = (made % 2 == 1)
						? HealthCheckResponse.ServingStatus.NOT_SERVING : HealthCheckResponse.ServingStatus.SERVING;
				// Now read: a reader that catches up must end with the newest status.
				lastAt.set(System.nanoTime());
				call.request(Integer.MAX_VALUE);
				long readDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
				while (System.nanoTime() < readDeadline && System.nanoTime() - lastAt.get() < 1_000_000_000L) {
					Thread.sleep(50);
				}
				Status endedEarly = closed.get();
				call.cancel("done", null);
				System.out.printf("   %-6s reader then got %,d messages, the last %s (final status %s)%s%n", contender,
						delivered.get(), last.get(), finalStatus,
						(endedEarly != null) ? "; the call had ended: " + endedEarly : "");
				return new Outcome(points, made, f[3], Long.parseLong(f[2]), delivered.get(), last.get(), finalStatus);
			}
			finally {
				Netty.stop(List.of(channel));
				if (server.process().isAlive()) {
					server.send("QUIT");
					server.awaitExit(Duration.ofSeconds(10));
				}
			}
		}
	}

	private static void waitForOpenCall(ChildJvm server) throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			if (Integer.parseInt(server.ask("CALLS", "CALLS", Duration.ofSeconds(30))) == 1) {
				return;
			}
			Thread.sleep(25);
		}
		throw new IllegalStateException("The Watch call did not reach the server");
	}

	/** The next CHECKPOINT or FLIPPED line. */
	private static String nextReport(ChildJvm server, Duration timeout) {
		while (true) {
			String line = server.expect("", timeout);
			if (line.startsWith("CHECKPOINT") || line.startsWith("FLIPPED")) {
				return line;
			}
		}
	}

	private static void report(Section section, Charts charts, Map<String, Outcome> outcomes, int changes,
			String heap) {
		Outcome ours = outcomes.get("health-grpc");
		Outcome stock = outcomes.get("stock");
		long stockGrowth = growth(stock);
		long oursPeak = peakAboveStart(ours);
		long oursTail = tailSpread(ours);
		double stockPerChange = growth(stock) / (double) Math.max(1, stock.changes());
		boolean oursComplete = ours.changes() == changes;
		section.verdict("Slow reader, " + Fmt.count(changes) + " changes: server heap stays flat (health-grpc)",
				"at most " + Fmt.bytes(oursPeak) + " above the start at any checkpoint, and the last three checkpoints "
						+ "within " + Fmt.bytes(oursTail) + " of each other (" + Fmt.bytes(first(ours).heap()) + " → "
						+ Fmt.bytes(last(ours).heap()) + "); stock grew " + Fmt.bytes(growth(stock)) + ", "
						+ Fmt.bytes(stockPerChange) + " per change",
				oursComplete && oursPeak < (2 << 20) && oursTail < (128 << 10));
		section.shown("Slow reader: what the stock service does", describeStock(stock, stockGrowth, changes));
		section.verdict("A reader that catches up receives the newest status (health-grpc; PROTOCOL.md rule 9)",
				"last status delivered " + ours.lastDelivered() + ", newest " + ours.finalStatus() + " ("
						+ Fmt.count(ours.delivered()) + " messages in all)",
				ours.lastDelivered() == ours.finalStatus());

		section.paragraph("The server runs in a child JVM (Serial GC, so that heap in use after a full GC is exact) "
				+ "capped at " + heap + " of heap and " + heap
				+ " of direct memory, so that a contender that queues every message cannot take the machine down; it also stops "
				+ "changing statuses when its heap stays above 75% of the cap after a GC, or after " + MAX_SECONDS
				+ " s. The client opens one Watch on `\"\"` with grpc-java's manual flow control and never requests a "
				+ "message; the server then changes `\"\"` " + Fmt.count(changes) + " times as fast as it can, "
				+ "alternating NOT_SERVING and SERVING. At each checkpoint the server reports its heap in use after "
				+ "full GCs, the direct memory Netty holds and its resident set size. Afterwards the client requests "
				+ "messages and reads until the stream is quiet for 1 s. Each checkpoint pauses the changes for 200 ms "
				+ "before it measures, so that no message is caught on its way through Netty. *Flat* means bounded "
				+ "and no longer growing: never more than 2 MiB above the start (one step may show, see below), "
				+ "and the last three checkpoints within 128 KiB of each other.");
		List<List<String>> rows = new ArrayList<>();
		outcomes.forEach((name, outcome) -> {
			for (Checkpoint point : outcome.checkpoints()) {
				rows.add(List.of(name, Fmt.count(point.changes()), Fmt.bytes(point.heap()), Fmt.bytes(point.direct()),
						Fmt.bytes(point.rss()), Fmt.count(point.elapsedMs()) + " ms"));
			}
		});
		section.table(List.of("Server", "changes made", "heap after GC", "Netty direct memory", "RSS", "elapsed"),
				rows);
		section.table(
				List.of("Server", "changes made", "outcome", "messages the reader got afterwards", "last one",
						"newest status"),
				outcomes.entrySet()
					.stream()
					.map((e) -> List.of(e.getKey(), Fmt.count(e.getValue().changes()), e.getValue().stopped(),
							Fmt.count(e.getValue().delivered()), String.valueOf(e.getValue().lastDelivered()),
							String.valueOf(e.getValue().finalStatus())))
					.toList());
		section.paragraph("health-grpc makes sure a stream is ready before each send (it asks `isReady()` "
				+ "unless the transport has reported the reader ready since the last send) and keeps only the "
				+ "newest status per stream. Until the reader's HTTP/2 flow-control window is full, changes are "
				+ "sent (and sit in the client's buffer: that is what the reader gets first when it starts "
				+ "reading); then the server's transport takes no more than the on-ready threshold health-grpc "
				+ "sets on Watch streams (64 bytes, a few of these tiny messages) before `isReady()` turns false. "
				+ "From then on nothing more is queued and the heap stays flat. grpc-java's stock "
				+ "`HealthServiceImpl` calls `onNext` for every change whatever the stream's readiness, so each change "
				+ "waits in Netty's write queue: heap objects for the queued write plus a direct buffer for its bytes, "
				+ "until the reader reads them or the stream ends.");
		Map<String, double[][]> series = new LinkedHashMap<>();
		outcomes.forEach((name, outcome) -> {
			double[] x = outcome.checkpoints().stream().mapToDouble(Checkpoint::changes).toArray();
			series.put(name + " heap", new double[][] { x,
					outcome.checkpoints().stream().mapToDouble((p) -> p.heap() / 1048576.0).toArray() });
			if (outcome.checkpoints().stream().anyMatch((p) -> p.direct() > 0)) {
				series.put(name + " Netty direct",
						new double[][] { x,
								outcome.checkpoints()
									.stream()
									.mapToDouble((p) -> Math.max(0, p.direct()) / 1048576.0)
									.toArray() });
			}
		});
		section.chart(charts.lines("slow-reader", "Server memory while one Watch reader never reads",
				"status changes made", "MiB", false, series));
	}

	private static String describeStock(Outcome stock, long growth, int changes) {
		Checkpoint last = last(stock);
		String how = switch (stock.stopped()) {
			case "complete" -> "made all " + Fmt.count(changes) + " changes";
			case "heap" -> "was stopped after " + Fmt.count(stock.changes()) + " changes with its heap near the cap";
			case "time" -> "was stopped after " + Fmt.count(stock.changes()) + " changes by the time limit";
			default -> "ended (" + stock.stopped() + ") after " + Fmt.count(stock.changes()) + " changes";
		};
		return how + "; heap after GC grew " + Fmt.bytes(growth) + " ("
				+ Fmt.bytes(growth / (double) Math.max(1, stock.changes())) + " per change), Netty direct memory "
				+ Fmt.bytes(Math.max(0, last.direct())) + ", RSS " + Fmt.bytes(last.rss());
	}

	private static long growth(Outcome outcome) {
		return last(outcome).heap() - first(outcome).heap();
	}

	/** Highest minus lowest heap over the last three checkpoints. */
	private static long tailSpread(Outcome outcome) {
		List<Checkpoint> points = outcome.checkpoints();
		List<Checkpoint> tail = points.subList(Math.max(0, points.size() - 3), points.size());
		return tail.stream().mapToLong(Checkpoint::heap).max().orElse(0)
				- tail.stream().mapToLong(Checkpoint::heap).min().orElse(0);
	}

	private static long peakAboveStart(Outcome outcome) {
		return outcome.checkpoints().stream().mapToLong(Checkpoint::heap).max().orElse(0) - first(outcome).heap();
	}

	private static Checkpoint first(Outcome outcome) {
		return outcome.checkpoints().get(0);
	}

	private static Checkpoint last(Outcome outcome) {
		return outcome.checkpoints().get(outcome.checkpoints().size() - 1);
	}

}
