package io.github.healthgrpc.benchmarks.baseline;

import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

/**
 * The floor for Watch memory: a server-streaming method that sends one message (so that
 * the client knows the stream is open, as with a health service) and then only holds the
 * stream open. What it costs per stream is what gRPC itself costs; a health service's own
 * cost per watcher is the difference.
 */
public final class HoldingWatchService extends HealthGrpc.HealthImplBase {

	private static final HealthCheckResponse SERVING = HealthCheckResponse.newBuilder()
		.setStatus(HealthCheckResponse.ServingStatus.SERVING)
		.build();

	private final AtomicInteger opened = new AtomicInteger();

	@Override
	public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
		response.onNext(SERVING);
		response.onCompleted();
	}

	@Override
	public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
		this.opened.incrementAndGet();
		response.onNext(SERVING);
	}

}
