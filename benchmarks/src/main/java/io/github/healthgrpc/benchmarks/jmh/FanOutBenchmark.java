package io.github.healthgrpc.benchmarks.jmh;

import java.io.IOException;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One status change delivered to every open Watch stream, through the in-process
 * transport with direct executors, so the whole fan-out happens on the writing thread.
 * Each change alternates SERVING and NOT_SERVING, so every one reaches every watcher.
 */
@State(Scope.Benchmark)
public class FanOutBenchmark {

	@Param({ "ours", "stock" })
	public String contender;

	@Param({ "100", "10000" })
	public int watchers;

	private FanOutTarget target;

	@Setup
	public void start() throws IOException {
		this.target = FanOutTarget.start(this.contender, this.watchers);
	}

	@Benchmark
	public long change() {
		return this.target.change();
	}

	@TearDown
	public void stop() throws InterruptedException {
		this.target.stop();
	}

}
