package io.github.healthgrpc.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of JMH's worker threads per operation ({@code cpu.time.norm}, ns/op): on a
 * machine that other work loads, the time a benchmark waits for a core inflates the
 * average time per operation but not this. JIT and GC threads are left out, so what
 * remains is the code under test (with in-process transports and direct executors, the
 * whole fan-out runs on the worker thread). Also the bytes those threads allocated per
 * operation ({@code alloc.bytes.norm}), read from the same counters: JMH's GC profiler
 * gives that figure too, but its listener on every collection added more spread to the
 * fan-out's times than the difference they are meant to show.
 */
public final class CpuTimeProfiler implements InternalProfiler {

	/** The secondary result's name. */
	public static final String NAME = "cpu.time.norm";

	/** The allocation result's name. */
	public static final String ALLOCATED = "alloc.bytes.norm";

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private Map<Long, long[]> before = Map.of();

	@Override
	public String getDescription() {
		return "CPU time of the benchmark's worker threads per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.before = workerCounters();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long used = 0;
		long allocated = 0;
		for (Map.Entry<Long, long[]> worker : workerCounters().entrySet()) {
			long[] start = this.before.getOrDefault(worker.getKey(), new long[2]);
			used += worker.getValue()[0] - start[0];
			allocated += worker.getValue()[1] - start[1];
		}
		long operations = result.getMetadata().getAllOps();
		double cpuPerOperation = (operations > 0) ? used / (double) operations : Double.NaN;
		double bytesPerOperation = (operations > 0) ? allocated / (double) operations : Double.NaN;
		return List.of(new ScalarResult(NAME, cpuPerOperation, "ns/op", AggregationPolicy.AVG),
				new ScalarResult(ALLOCATED, bytesPerOperation, "B/op", AggregationPolicy.AVG));
	}

	/** Per worker thread: CPU time (ns) and bytes allocated so far. */
	private Map<Long, long[]> workerCounters() {
		Map<Long, long[]> counters = new HashMap<>();
		for (ThreadInfo thread : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
			if (thread != null && thread.getThreadName().contains("jmh-worker")) {
				long id = thread.getThreadId();
				long cpu = this.threads.getThreadCpuTime(id);
				long bytes = (this.threads instanceof com.sun.management.ThreadMXBean hotspot)
						? hotspot.getThreadAllocatedBytes(id) : -1;
				if (cpu >= 0 && bytes >= 0) {
					counters.put(id, new long[] { cpu, bytes });
				}
			}
		}
		return counters;
	}

}
