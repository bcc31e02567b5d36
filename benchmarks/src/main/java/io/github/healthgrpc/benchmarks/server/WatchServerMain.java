package io.github.healthgrpc.benchmarks.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.benchmarks.support.Machine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCalls;

/**
 * A health server alone in its JVM (Netty on 127.0.0.1), so that its memory is measured
 * without the clients': {@code health-grpc} (its service over its table), {@code stock}
 * (grpc-java's) or {@code holding} (a Watch that sends one message and holds the stream
 * open: gRPC's own cost per stream). It prints {@code PORT n} and answers commands:
 * {@code HEAP} (heap in use after full GCs), {@code SET status} (of {@code ""}) and
 * {@code FLIPS n checkpoints} (changes {@code ""} n times as fast as it can, printing
 * heap, Netty's direct memory and RSS at each checkpoint).
 */
public final class WatchServerMain {

	private static final HealthStatusTable table = new HealthStatusTable();

	private static final HealthStatusManager stock = new HealthStatusManager();

	private static final HealthCheckResponse SERVING = HealthCheckResponse.newBuilder()
		.setStatus(HealthCheckResponse.ServingStatus.SERVING)
		.build();

	private WatchServerMain() {
	}

	public static void main(String[] args) throws Exception {
		BindableService service = switch (args[0]) {
			case "health-grpc" -> new HealthGrpcService(table);
			case "stock" -> stock.getHealthService();
			default -> () -> ServerServiceDefinition.builder(HealthGrpc.SERVICE_NAME)
				.addMethod(HealthGrpc.getWatchMethod(),
						ServerCalls.asyncServerStreamingCall((request, response) -> response.onNext(SERVING)))
				.build();
		};
		set(true);
		System.out.println("PORT " + NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(service)
			.build()
			.start()
			.getPort());
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = commands.readLine(); line != null; line = commands.readLine()) {
			String[] words = line.split(" ");
			switch (words[0]) {
				case "HEAP" -> System.out.println("HEAP " + heapAfterGc());
				case "SET" -> {
					set(words[1].equals("SERVING"));
					System.out.println("SET");
				}
				case "FLIPS" -> flips(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
				default -> throw new IllegalArgumentException(line);
			}
			System.out.flush();
		}
		System.exit(0);
	}

	private static void set(boolean serving) {
		table.set("", serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
		stock.setStatus("",
				serving ? HealthCheckResponse.ServingStatus.SERVING : HealthCheckResponse.ServingStatus.NOT_SERVING);
	}

	/**
	 * Changes {@code ""}, alternating NOT_SERVING and SERVING; stops early when the heap
	 * stays above 75% of its maximum after a GC, so that a service that queues every
	 * message cannot take the machine down.
	 */
	private static void flips(int count, int checkpoints) throws InterruptedException {
		long start = System.nanoTime();
		String outcome = "complete";
		checkpoint(0, start);
		int done = 0;
		while (done < count && outcome.equals("complete")) {
			set(++done % 2 == 0);
			Runtime runtime = Runtime.getRuntime();
			if (done % 1000 == 0 && runtime.totalMemory() - runtime.freeMemory() > runtime.maxMemory() * 0.85
					&& heapAfterGc() > runtime.maxMemory() * 0.75) {
				outcome = "stopped near the heap's maximum";
			}
			if (done % Math.max(1, count / checkpoints) == 0 || !outcome.equals("complete")) {
				checkpoint(done, start);
			}
		}
		System.out.println("FLIPPED " + done + " " + outcome);
	}

	private static void checkpoint(int changes, long start) throws InterruptedException {
		long elapsed = System.nanoTime() - start;
		// Lets Netty finish what it is writing, so that no message is caught in passing.
		Thread.sleep(200);
		System.out.println("CHECKPOINT " + changes + " " + heapAfterGc() + " " + PlatformDependent.usedDirectMemory()
				+ " " + Machine.kilobytes("/proc/self/status", "VmRSS") * 1024 + " " + elapsed);
		System.out.flush();
	}

	/** Heap in use after full collections, the least of three readings. */
	private static long heapAfterGc() throws InterruptedException {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
			least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return least;
	}

}
