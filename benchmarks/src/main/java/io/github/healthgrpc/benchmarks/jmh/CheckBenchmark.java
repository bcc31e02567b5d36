package io.github.healthgrpc.benchmarks.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.benchmarks.baseline.Contenders;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole unary Check through grpc-java's in-process transport, on the calling thread.
 */
@State(Scope.Benchmark)
public class CheckBenchmark {

	private static final HealthCheckRequest REQUEST = HealthCheckRequest.newBuilder().setService("").build();

	@Param({ "ours", "stock" })
	public String contender;

	private Server server;

	private ManagedChannel channel;

	private HealthGrpc.HealthBlockingStub stub;

	@Setup
	public void start() throws IOException {
		BindableService service;
		if (this.contender.equals("ours")) {
			HealthStatusTable table = new HealthStatusTable();
			table.set("", ServingStatus.SERVING);
			service = Contenders.ours(table);
		}
		else {
			HealthStatusManager manager = new HealthStatusManager();
			manager.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
			service = manager.getHealthService();
		}
		String name = "check-" + this.contender + "-" + System.nanoTime();
		this.server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		this.stub = HealthGrpc.newBlockingStub(this.channel);
	}

	@Benchmark
	public HealthCheckResponse check() {
		return this.stub.check(REQUEST);
	}

	@TearDown
	public void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
