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

/**
 * One contender's health service behind grpc-java's in-process transport with direct
 * executors, with a number of Watch streams open on {@code ""}: a status change and its
 * delivery to every watcher, client side included, run on the thread that makes it.
 */
final class FanOutTarget {

	private final AtomicLong received = new AtomicLong();

	private final HealthStatusTable table;

	private final HealthStatusManager stock;

	private final Server server;

	private final ManagedChannel channel;

	private boolean serving = true;

	private FanOutTarget(String contender, int watchers) throws IOException {
		BindableService service;
		if (contender.equals("ours")) {
			this.table = new HealthStatusTable();
			this.table.set("", ServingStatus.SERVING);
			this.stock = null;
			service = Contenders.ours(this.table);
		}
		else if (contender.equals("stock")) {
			this.table = null;
			this.stock = new HealthStatusManager();
			this.stock.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
			service = this.stock.getHealthService();
		}
		else {
			throw new IllegalArgumentException("No contender '" + contender + "': ours or stock");
		}
		String name = "fanout-" + contender + "-" + System.nanoTime();
		this.server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		HealthGrpc.HealthStub stub = HealthGrpc.newStub(this.channel);
		for (int i = 0; i < watchers; i++) {
			stub.watch(HealthCheckRequest.newBuilder().setService("").build(), new StreamObserver<>() {

				@Override
				public void onNext(HealthCheckResponse value) {
					FanOutTarget.this.received.incrementAndGet();
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

	/**
	 * @param contender {@code ours} or {@code stock}
	 * @param watchers how many Watch streams to open
	 */
	static FanOutTarget start(String contender, int watchers) throws IOException {
		return new FanOutTarget(contender, watchers);
	}

	/**
	 * Flips {@code ""} between SERVING and NOT_SERVING, so every change reaches every
	 * watcher.
	 * @return the messages the watchers received so far
	 */
	long change() {
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

	void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
