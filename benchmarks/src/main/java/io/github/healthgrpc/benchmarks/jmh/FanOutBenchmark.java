package io.github.healthgrpc.benchmarks.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import io.grpc.stub.StreamObserver;
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

	private final AtomicLong received = new AtomicLong();

	private HealthStatusTable table;

	private HealthStatusManager stock;

	private Server server;

	private ManagedChannel channel;

	private boolean serving = true;

	@Setup
	public void start() throws IOException {
		BindableService service;
		if (this.contender.equals("ours")) {
			this.table = new HealthStatusTable();
			this.table.set("", ServingStatus.SERVING);
			service = Contenders.ours(this.table);
		}
		else {
			this.stock = new HealthStatusManager();
			this.stock.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
			service = this.stock.getHealthService();
		}
		String name = "fanout-" + this.contender + "-" + System.nanoTime();
		this.server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		HealthGrpc.HealthStub stub = HealthGrpc.newStub(this.channel);
		for (int i = 0; i < this.watchers; i++) {
			stub.watch(HealthCheckRequest.newBuilder().setService("").build(), new StreamObserver<>() {

				@Override
				public void onNext(HealthCheckResponse value) {
					FanOutBenchmark.this.received.incrementAndGet();
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}

			});
		}
	}

	@Benchmark
	public long change() {
		this.serving = !this.serving;
		if (this.table != null) {
			this.table.set("", this.serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
		}
		else {
			this.stock.setStatus("", this.serving ? HealthCheckResponse.ServingStatus.SERVING
					: HealthCheckResponse.ServingStatus.NOT_SERVING);
		}
		return this.received.get();
	}

	@TearDown
	public void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
