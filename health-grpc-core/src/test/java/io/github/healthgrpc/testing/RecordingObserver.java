package io.github.healthgrpc.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Records what a Watch stream made with the canonical client receives and how it ends.
 * Shared through this module's test-jar by the tests of both Spring Boot lines.
 */
public final class RecordingObserver implements StreamObserver<HealthCheckResponse> {

	/** The statuses received so far, oldest first. */
	public final List<ServingStatus> statuses = new CopyOnWriteArrayList<>();

	/** How the stream ended: OK when the server completed it. */
	public final CompletableFuture<Status> end = new CompletableFuture<>();

	@Override
	public void onNext(HealthCheckResponse value) {
		this.statuses.add(value.getStatus());
	}

	@Override
	public void onError(Throwable ex) {
		this.end.complete(Status.fromThrowable(ex));
	}

	@Override
	public void onCompleted() {
		this.end.complete(Status.OK);
	}

}
