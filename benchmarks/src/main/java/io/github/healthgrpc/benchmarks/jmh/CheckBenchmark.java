package io.github.healthgrpc.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import com.sun.management.ThreadMXBean;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Checks on {@code ""}, a batch per operation, through a line's application started in
 * JMH's fork: its own gRPC server on the in-process transport, with direct executors, so
 * that the whole call runs on JMH's thread, whose CPU time and bytes are counted.
 * {@code line=boot3} is {@code BenchmarkApp} on this module's class path;
 * {@code line=boot4} is {@code Boot4BenchmarkApp}, on that module's class path with this
 * module's classes (so this class uses only what both Spring Boot lines have).
 * {@code contender} is {@code health-grpc}, or {@code other}: the line's own service,
 * health-grpc switched off.
 */
@State(Scope.Benchmark)
public class CheckBenchmark {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	/** Checks per operation. */
	public static final int BATCH = 100;

	private static final HealthCheckRequest OVERALL = HealthCheckRequest.newBuilder().setService("").build();

	@Param("boot3")
	public String line;

	@Param({ "health-grpc", "other" })
	public String contender;

	private ConfigurableApplicationContext context;

	private ManagedChannel channel;

	private HealthGrpc.HealthBlockingStub stub;

	@Setup
	public void start() throws Exception {
		boolean boot3 = this.line.equals("boot3");
		boolean ours = this.contender.equals("health-grpc");
		String server = boot3 ? "--grpc.server." : "--spring.grpc.server.";
		this.context = new SpringApplicationBuilder(
				Class.forName(boot3 ? "io.github.healthgrpc.benchmarks.app.BenchmarkApp"
						: "io.github.healthgrpc.benchmarks.boot4.Boot4BenchmarkApp"))
			.run(server + (boot3 ? "in-process-name" : "inprocess.name") + "=check",
					server + "port=" + (boot3 ? -1 : 0), server + "address=127.0.0.1",
					"--benchmark.direct-executor=true", "--grpc.health.enabled=" + ours,
					"--spring.main.banner-mode=off", "--logging.level.root=WARN",
					"--management.endpoint.health.probes.enabled=true");
		if (this.context.getBeansOfType(BindableService.class)
			.values()
			.stream()
			.anyMatch((service) -> service.getClass().getSimpleName().equals("HealthGrpcService")) != ours) {
			throw new IllegalStateException(this.contender + " on " + this.line + ": health-grpc serves " + !ours);
		}
		this.channel = InProcessChannelBuilder.forName("check").directExecutor().build();
		this.stub = HealthGrpc.newBlockingStub(this.channel);
		for (int i = 0; this.stub.check(OVERALL).getStatus() != HealthCheckResponse.ServingStatus.SERVING; i++) {
			if (i == 100) {
				throw new IllegalStateException(this.contender + " on " + this.line + ": \"\" is not SERVING");
			}
			Thread.sleep(100);
		}
	}

	/** Checks a batch of times, timed on this thread's CPU clock (a system call). */
	@Benchmark
	public void check(Counters counters) {
		long cpu = THREADS.getCurrentThreadCpuTime();
		long bytes = THREADS.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < BATCH; i++) {
			this.stub.check(OVERALL);
		}
		counters.cpu += THREADS.getCurrentThreadCpuTime() - cpu;
		counters.bytes += THREADS.getCurrentThreadAllocatedBytes() - bytes;
		counters.checks += BATCH;
	}

	@TearDown
	public void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.context.close();
	}

	/**
	 * Per iteration: Checks, and the CPU time (ns) and bytes of the thread that made
	 * them.
	 */
	@AuxCounters(AuxCounters.Type.EVENTS)
	@State(Scope.Thread)
	public static class Counters {

		public long checks;

		public long cpu;

		public long bytes;

		@Setup(Level.Iteration)
		public void reset() {
			this.checks = 0;
			this.cpu = 0;
			this.bytes = 0;
		}

	}

}
