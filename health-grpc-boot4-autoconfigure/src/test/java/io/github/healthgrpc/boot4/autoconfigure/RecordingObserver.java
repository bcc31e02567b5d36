package io.github.healthgrpc.boot4.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** Records what a Watch stream receives and how it ends. */
final class RecordingObserver implements StreamObserver<HealthCheckResponse> {

	final List<ServingStatus> statuses = new CopyOnWriteArrayList<>();

	final CompletableFuture<Status> end = new CompletableFuture<>();

	@Override
	public void onNext(HealthCheckResponse value) {
		this.statuses.add(value.getStatus());
	}

	@Override
	public void onError(Throwable t) {
		this.end.complete(Status.fromThrowable(t));
	}

	@Override
	public void onCompleted() {
		this.end.complete(Status.OK);
	}

}
