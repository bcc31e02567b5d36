package io.github.healthgrpc.benchmarks.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link FanOutBenchmark}'s change with both contenders in one JVM: each operation makes
 * changes on each (one, or with few watchers a batch of them), the order alternating, and
 * times each contender's on the worker thread's CPU clock. Forks of their own for each
 * contender differ by more than the contenders do on a machine whose speed varies from
 * one minute to the next (steal time, neighbours); here whatever the machine does falls
 * on both alike, microseconds apart, and the ratio of their CPU times in one fork is free
 * of it. Both share the JIT's view of grpc's transport code, as two services of one
 * server do.
 */
@State(Scope.Benchmark)
public class FanOutSideBySideBenchmark {

	@Param({ "100", "10000" })
	public int watchers;

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private FanOutTarget ours;

	private FanOutTarget stock;

	private boolean oursFirst;

	private int changesPerTiming;

	@Setup
	public void start() throws IOException {
		// Reading the thread's CPU clock is a system call: each reading times a batch of
		// changes (about 1,000 deliveries), so that its cost is small against what it
		// measures.
		this.changesPerTiming = Math.max(1, 1000 / this.watchers);
		this.ours = FanOutTarget.start("ours", this.watchers);
		this.stock = FanOutTarget.start("stock", this.watchers);
	}

	@Benchmark
	public long change(CpuTimes times) {
		this.oursFirst = !this.oursFirst;
		if (this.oursFirst) {
			times.ours += timed(this.ours);
			times.stock += timed(this.stock);
		}
		else {
			times.stock += timed(this.stock);
			times.ours += timed(this.ours);
		}
		return times.ours + times.stock;
	}

	// The clock's own cost falls on both alike and can only pull their ratio towards 1.
	private long timed(FanOutTarget target) {
		long start = this.threads.getCurrentThreadCpuTime();
		for (int i = 0; i < this.changesPerTiming; i++) {
			target.change();
		}
		return this.threads.getCurrentThreadCpuTime() - start;
	}

	@TearDown
	public void stop() throws InterruptedException {
		this.ours.stop();
		this.stock.stop();
	}

	/**
	 * CPU nanoseconds each contender's changes took in an iteration, reported by JMH as
	 * the secondary results {@code ours} and {@code stock}.
	 */
	@AuxCounters(AuxCounters.Type.EVENTS)
	@State(Scope.Thread)
	public static class CpuTimes {

		public long ours;

		public long stock;

		@Setup(Level.Iteration)
		public void reset() {
			this.ours = 0;
			this.stock = 0;
		}

	}

}
