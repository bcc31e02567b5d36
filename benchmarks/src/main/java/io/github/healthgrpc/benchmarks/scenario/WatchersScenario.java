package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import io.github.healthgrpc.benchmarks.report.Results;
import io.github.healthgrpc.benchmarks.server.WatchServerMain;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Line;
import io.github.healthgrpc.benchmarks.support.Stats;
import io.github.healthgrpc.benchmarks.support.Watchers;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;

/**
 * Watch streams over Netty on a server alone in its JVM: its heap per open stream, above
 * a service that only holds streams open; the time until every watcher has a status
 * change; then its memory while one reader does not read (the slow reader).
 */
final class WatchersScenario implements Scenario {

	private static final Duration ANSWER = Duration.ofSeconds(300);

	@Override
	public String id() {
		return "watchers";
	}

	@Override
	public Results run(Settings settings) throws Exception {
		int count = settings.integer("watchers.count");
		int changes = settings.integer("slow-reader.changes");
		Results results = new Results().put("count", count).put("slowReader.changes", changes);
		List<Long> heap = new ArrayList<>();
		List<List<double[]>> checkpoints = new ArrayList<>();
		for (String contender : List.of("holding", "health-grpc", "stock")) {
			// Serial GC: heap in use after a full GC is exact, where G1 counts whole
			// regions.
			// Direct memory capped, so that a service that queues every message cannot
			// take
			// the machine down.
			try (ChildJvm server = new ChildJvm("watch-server-" + contender, Line.BOOT3.benchmarkClasspath(),
					List.of("-Xms1g", "-Xmx1g", "-XX:MaxDirectMemorySize=512m", "-XX:+UseSerialGC"),
					WatchServerMain.class.getName(), List.of(contender))) {
				int port = Integer.parseInt(server.await("PORT", ANSWER).text().substring(5));
				heap.add(openWatchers(server, port, contender, settings, results, (heap.isEmpty() ? 0 : heap.get(0))));
				if (!contender.equals("holding")) {
					checkpoints.add(slowReader(server, port, contender, changes, results));
				}
			}
		}
		results.verdict("within1s", results.get("health-grpc.allSeen").asBoolean()
				&& results.get("health-grpc.pooled.max").asDouble() <= 1e9, true);
		results.verdict("heapAbove", results.get("health-grpc.heapAbove").asLong() <= 2048, true);
		results.verdict("flat",
				results.get("slowReader.health-grpc.made").asLong() == changes
						&& results.get("slowReader.health-grpc.peakAboveStart").asDouble() < (2 << 20)
						&& results.get("slowReader.health-grpc.tailSpread").asDouble() < (128 << 10),
				true);
		results.verdict("newest",
				results.get("slowReader.health-grpc.last")
					.asText()
					.equals(results.get("slowReader.health-grpc.newest").asText()),
				true);
		results.bars("watch-heap", String.format("Server heap per open Watch stream, %,d streams", count), "bytes",
				false, List.of("holding (gRPC's own)", "health-grpc", "stock"), Results.row("bytes per stream", heap));
		int n = Math.min(checkpoints.get(0).size(), checkpoints.get(1).size());
		return results.bars("slow-reader", "Server heap after GC while one Watch reader does not read", "MiB", false,
				checkpoints.get(0).stream().limit(n).map((p) -> String.format("%,.0f", p[0])).toList(),
				Results.row("health-grpc", checkpoints.get(0).stream().limit(n).map((p) -> p[1] / 1048576).toList(),
						"stock", checkpoints.get(1).stream().limit(n).map((p) -> p[1] / 1048576).toList()));
	}

	/**
	 * Opens the watchers, changes {@code ""} a few times; returns the heap per stream.
	 */
	private static long openWatchers(ChildJvm server, int port, String contender, Settings settings, Results results,
			long floor) throws Exception {
		heap(server);
		long before = heap(server);
		int count = settings.integer("watchers.count");
		try (Watchers watchers = new Watchers(port, "", count, 4).awaitOpen(Duration.ofSeconds(120))) {
			long perStream = (heap(server) - before) / count;
			LongStream.Builder all = LongStream.builder();
			List<Double> slowest = new ArrayList<>();
			boolean allSeen = true;
			for (int i = 0; !contender.equals("holding") && i < settings.integer("watchers.changes"); i++) {
				ServingStatus status = (i % 2 == 0) ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
				watchers.expect(status);
				server.ask("SET " + status, "SET", ANSWER);
				allSeen &= watchers.awaitSeen(Duration.ofSeconds(30));
				long[] times = watchers.seen();
				LongStream.of(times).forEach(all);
				slowest.add(Stats.percentile(times, 100));
				results.add("changes", Results.row("server", contender, "change", i + 1, "watchers", times.length,
						"p50", Stats.percentile(times, 50), "p99", Stats.percentile(times, 99), "max", slowest.get(i)));
				Thread.sleep(300);
			}
			results.put(contender,
					Results.row("heapPerStream", perStream, "heapAbove", perStream - floor, "allSeen", allSeen,
							"pooled", Stats.summary(all.build().sorted().toArray()), "slowest",
							Stats.median(slowest.stream().mapToDouble(Double::doubleValue).toArray())));
			return perStream;
		}
	}

	/**
	 * One Watch whose client reads the first message, then no more (manual flow control),
	 * while {@code ""} changes as fast as the server can change it; memory at
	 * checkpoints, then what the reader gets once it reads again.
	 */
	private static List<double[]> slowReader(ChildJvm server, int port, String contender, int changes, Results results)
			throws Exception {
		ManagedChannel channel = Watchers.channel(port);
		AtomicLong delivered = new AtomicLong();
		AtomicLong lastAt = new AtomicLong();
		AtomicReference<Object> last = new AtomicReference<>();
		ClientCall<HealthCheckRequest, HealthCheckResponse> call = channel.newCall(HealthGrpc.getWatchMethod(),
				CallOptions.DEFAULT);
		call.start(new ClientCall.Listener<>() {

			@Override
			public void onMessage(HealthCheckResponse message) {
				delivered.incrementAndGet();
				last.set(message.getStatus());
				lastAt.set(System.nanoTime());
			}

		}, new Metadata());
		call.sendMessage(HealthCheckRequest.newBuilder().setService("").build());
		call.halfClose();
		call.request(1);
		while (delivered.getAndSet(0) == 0) {
			Thread.sleep(10);
		}
		server.send("FLIPS " + changes + " 10");
		List<double[]> points = new ArrayList<>();
		String[] line = server.await("", ANSWER).text().split(" ");
		while (line[0].equals("CHECKPOINT")) {
			double[] point = Arrays.stream(line).skip(1).mapToDouble(Double::parseDouble).toArray();
			points.add(point);
			results.add("slowReader.checkpoints", Results.row("server", contender, "changes", point[0], "heap",
					point[1], "direct", point[2], "rss", point[3], "elapsed", point[4]));
			line = server.await("", ANSWER).text().split(" ");
		}
		// Now read: a reader that catches up must end with the newest status.
		lastAt.set(System.nanoTime());
		call.request(Integer.MAX_VALUE);
		while (System.nanoTime() - lastAt.get() < 1_000_000_000L) {
			Thread.sleep(50);
		}
		call.cancel("done", null);
		channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		long made = Long.parseLong(line[1]);
		double[] heap = points.stream().mapToDouble((p) -> p[1]).toArray();
		double[] tail = Arrays.copyOfRange(heap, Math.max(0, heap.length - 3), heap.length);
		double[] end = points.get(points.size() - 1);
		results.put("slowReader." + contender,
				Results.row("made", made, "outcome", String.join(" ", Arrays.asList(line).subList(2, line.length)),
						"delivered", delivered.get(), "last", String.valueOf(last.get()), "newest",
						(made % 2 == 1) ? "NOT_SERVING" : "SERVING", "peakAboveStart",
						Arrays.stream(heap).max().getAsDouble() - heap[0], "tailSpread",
						Arrays.stream(tail).max().getAsDouble() - Arrays.stream(tail).min().getAsDouble(), "growth",
						end[1] - heap[0], "growthPerChange", (end[1] - heap[0]) / Math.max(1, made), "direct", end[2],
						"rss", end[3]));
		return points;
	}

	private static long heap(ChildJvm server) throws Exception {
		return Long.parseLong(server.ask("HEAP", "HEAP", ANSWER).text().substring(5));
	}

}
