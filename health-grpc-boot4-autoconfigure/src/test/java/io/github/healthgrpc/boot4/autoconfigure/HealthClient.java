package io.github.healthgrpc.boot4.autoconfigure;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.canonical.v1.HealthListRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A client generated from the canonical health.proto, over TCP to 127.0.0.1 at the port
 * the test application's server started on, created on first use.
 */
final class HealthClient implements AutoCloseable {

	private ManagedChannel channel;

	ServingStatus check(String service) {
		return HealthGrpc.newBlockingStub(channel())
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	Map<String, ServingStatus> list() {
		Map<String, ServingStatus> statuses = new TreeMap<>();
		HealthGrpc.newBlockingStub(channel())
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.list(HealthListRequest.getDefaultInstance())
			.getStatusesMap()
			.forEach((name, response) -> statuses.put(name, response.getStatus()));
		return statuses;
	}

	void watch(String service, StreamObserver<HealthCheckResponse> observer) {
		HealthGrpc.newStub(channel()).watch(HealthCheckRequest.newBuilder().setService(service).build(), observer);
	}

	ManagedChannel channel() {
		if (this.channel == null) {
			this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", TestGrpcApplication.port())
				.usePlaintext()
				.build();
		}
		return this.channel;
	}

	@Override
	public void close() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
