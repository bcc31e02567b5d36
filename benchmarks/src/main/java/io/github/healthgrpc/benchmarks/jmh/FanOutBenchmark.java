package io.github.healthgrpc.benchmarks.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.benchmarks.support.Watchers;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A status change delivered to every open Watch stream, health-grpc's service and
 * grpc-java's stock one side by side in one JVM: each operation makes changes on each
 * (with few watchers a batch of them, since reading the CPU clock is a system call), the
 * order alternating, and counts each one's CPU time on the worker thread. The in-process
 * transport with direct executors runs the whole fan-out, client side included, on that
 * thread; whatever the machine does falls on both alike.
 */
@State(Scope.Benchmark)
public class FanOutBenchmark {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	@Param({ "100", "10000" })
	public int watchers;

	private final HealthStatusTable table = new HealthStatusTable();

	private final HealthStatusManager stock = new HealthStatusManager();

	private final Server[] servers = new Server[2];

	private final ManagedChannel[] channels = new ManagedChannel[2];

	private final boolean[] up = new boolean[2];

	private int batch;

	private boolean oursFirst;

	@Setup
	public void start() throws IOException {
		this.batch = Math.max(1, 1000 / this.watchers);
		for (int i = 0; i < 2; i++) {
			flip(i);
			String name = "fanout-" + i + "-" + System.nanoTime();
			this.servers[i] = InProcessServerBuilder.forName(name)
				.directExecutor()
				.addService((i == 0) ? new HealthGrpcService(this.table) : this.stock.getHealthService())
				.build()
				.start();
			this.channels[i] = InProcessChannelBuilder.forName(name).directExecutor().build();
			new Watchers(List.of(this.channels[i]), "", this.watchers);
		}
	}

	@Benchmark
	public void change(Counters counters) {
		this.oursFirst = !this.oursFirst;
		for (int i : this.oursFirst ? new int[] { 0, 1 } : new int[] { 1, 0 }) {
			long cpu = THREADS.getCurrentThreadCpuTime();
			for (int j = 0; j < this.batch; j++) {
				flip(i);
			}
			cpu = THREADS.getCurrentThreadCpuTime() - cpu;
			counters.oursCpu += (i == 0) ? cpu : 0;
			counters.stockCpu += (i == 1) ? cpu : 0;
		}
		counters.changes += this.batch;
	}

	/** Flips {@code ""} of health-grpc's (0) or the stock (1) service. */
	private void flip(int service) {
		this.up[service] = !this.up[service];
		if (service == 0) {
			this.table.set("", this.up[0] ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
		}
		else {
			this.stock.setStatus("", this.up[1] ? HealthCheckResponse.ServingStatus.SERVING
					: HealthCheckResponse.ServingStatus.NOT_SERVING);
		}
	}

	@TearDown
	public void stop() {
		for (int i = 0; i < 2; i++) {
			this.channels[i].shutdownNow();
			this.servers[i].shutdownNow();
		}
	}

	/** Per iteration: the changes made on each service, and each one's CPU time (ns). */
	@AuxCounters(AuxCounters.Type.EVENTS)
	@State(Scope.Thread)
	public static class Counters {

		public long changes;

		public long oursCpu;

		public long stockCpu;

		@Setup(Level.Iteration)
		public void reset() {
			this.changes = 0;
			this.oursCpu = 0;
			this.stockCpu = 0;
		}

	}

}
