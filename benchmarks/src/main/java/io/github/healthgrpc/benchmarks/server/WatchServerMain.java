package io.github.healthgrpc.benchmarks.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.benchmarks.baseline.Contenders;
import io.github.healthgrpc.benchmarks.baseline.HoldingWatchService;
import io.github.healthgrpc.benchmarks.support.Machine;
import io.github.healthgrpc.benchmarks.support.Netty;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * A health server alone in its JVM, so that its heap can be measured without the
 * clients': started by the Watch scenarios, driven by line commands on stdin.
 * <ul>
 * <li>{@code HEAP}: heap used after full GCs, in bytes</li>
 * <li>{@code CALLS}: Watch calls open now</li>
 * <li>{@code SET status}: sets {@code ""}</li>
 * <li>{@code FLIPS n checkpoints maxSeconds}: changes {@code ""} n times, with heap,
 * Netty direct memory and RSS at each checkpoint</li>
 * <li>{@code QUIT}</li>
 * </ul>
 */
public final class WatchServerMain {

	private final HealthStatusTable table;

	private final HealthStatusManager stock;

	private WatchServerMain(HealthStatusTable table, HealthStatusManager stock) {
		this.table = table;
		this.stock = stock;
	}

	public static void main(String[] args) throws Exception {
		String contender = args[0];
		HealthStatusTable table = null;
		HealthStatusManager stock = null;
		BindableService service;
		switch (contender) {
			case "ours" -> {
				table = new HealthStatusTable();
				table.set("", ServingStatus.SERVING);
				service = Contenders.ours(table);
			}
			case "stock" -> {
				stock = new HealthStatusManager();
				stock.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
				service = stock.getHealthService();
			}
			case "holding" -> service = new HoldingWatchService();
			default -> throw new IllegalArgumentException(contender);
		}
		OpenCalls openCalls = new OpenCalls();
		Server server = Netty.start(service, openCalls);
		System.out.println("PORT " + server.getPort());
		new WatchServerMain(table, stock).serve(openCalls);
		server.shutdownNow();
		System.exit(0);
	}

	private void serve(OpenCalls openCalls) throws Exception {
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = commands.readLine()) != null) {
			String[] words = line.trim().split(" ");
			switch (words[0]) {
				case "HEAP" -> System.out.println("HEAP " + heapAfterGc());
				case "CALLS" -> System.out.println("CALLS " + openCalls.open.get());
				case "SET" -> {
					set(ServingStatus.valueOf(words[1]));
					System.out.println("SET");
				}
				case "FLIPS" ->
					flips(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]));
				case "QUIT" -> {
					return;
				}
				default -> System.out.println("ERROR unknown command " + line);
			}
			System.out.flush();
		}
	}

	private void set(ServingStatus status) {
		if (this.table != null) {
			this.table.set("", status);
		}
		else if (this.stock != null) {
			this.stock.setStatus("", HealthCheckResponse.ServingStatus.forNumber(status.getNumber()));
		}
	}

	private void flips(int count, int checkpoints, int maxSeconds) {
		long start = System.nanoTime();
		long deadline = start + maxSeconds * 1_000_000_000L;
		int every = Math.max(1, count / checkpoints);
		Runtime runtime = Runtime.getRuntime();
		checkpoint(0, start);
		int done = 0;
		String stopped = null;
		for (int i = 1; i <= count; i++) {
			set((i % 2 == 1) ? ServingStatus.NOT_SERVING : ServingStatus.SERVING);
			done = i;
			if (i % every == 0) {
				checkpoint(i, start);
			}
			if (i % 1000 == 0) {
				// Bounded, so that a contender that queues every message cannot take the
				// machine down.
				if (runtime.totalMemory() - runtime.freeMemory() > runtime.maxMemory() * 0.85) {
					long afterGc = heapAfterGc();
					if (afterGc > runtime.maxMemory() * 0.75) {
						stopped = "heap";
						checkpoint(i, start);
						break;
					}
				}
				if (System.nanoTime() > deadline) {
					stopped = "time";
					checkpoint(i, start);
					break;
				}
			}
		}
		System.out.println("FLIPPED " + done + " " + (System.nanoTime() - start) / 1_000_000 + " "
				+ ((stopped != null) ? stopped : "complete"));
	}

	private static void checkpoint(int flips, long start) {
		long elapsedMs = (System.nanoTime() - start) / 1_000_000;
		// Let Netty finish what it is writing, so that the reading does not catch
		// messages in passing.
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		System.out.println("CHECKPOINT " + flips + " " + heapAfterGc() + " " + PlatformDependent.usedDirectMemory()
				+ " " + Machine.residentSetSize() + " " + elapsedMs);
		System.out.flush();
	}

	/** Heap in use after full collections, the least of three readings. */
	static long heapAfterGc() {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return least;
	}

	/** Counts the calls that are open on the server, whatever the service. */
	static final class OpenCalls implements ServerInterceptor {

		final AtomicInteger open = new AtomicInteger();

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			this.open.incrementAndGet();
			return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
					next.startCall(call, headers)) {

				@Override
				public void onComplete() {
					OpenCalls.this.open.decrementAndGet();
					super.onComplete();
				}

				@Override
				public void onCancel() {
					OpenCalls.this.open.decrementAndGet();
					super.onCancel();
				}

			};
		}

	}

}
