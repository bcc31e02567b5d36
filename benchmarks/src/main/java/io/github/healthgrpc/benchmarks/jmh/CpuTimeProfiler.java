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
 * whole fan-out runs on the worker thread).
 */
public final class CpuTimeProfiler implements InternalProfiler {

	/** The secondary result's name. */
	public static final String NAME = "cpu.time.norm";

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private Map<Long, Long> before = Map.of();

	@Override
	public String getDescription() {
		return "CPU time of the benchmark's worker threads per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.before = workerCpuTimes();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long used = 0;
		for (Map.Entry<Long, Long> worker : workerCpuTimes().entrySet()) {
			used += worker.getValue() - this.before.getOrDefault(worker.getKey(), 0L);
		}
		long operations = result.getMetadata().getAllOps();
		double perOperation = (operations > 0) ? used / (double) operations : Double.NaN;
		return List.of(new ScalarResult(NAME, perOperation, "ns/op", AggregationPolicy.AVG));
	}

	private Map<Long, Long> workerCpuTimes() {
		Map<Long, Long> times = new HashMap<>();
		for (ThreadInfo thread : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
			if (thread != null && thread.getThreadName().contains("jmh-worker")) {
				long cpu = this.threads.getThreadCpuTime(thread.getThreadId());
				if (cpu >= 0) {
					times.put(thread.getThreadId(), cpu);
				}
			}
		}
		return times;
	}

}
