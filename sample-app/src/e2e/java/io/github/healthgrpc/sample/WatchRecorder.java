package io.github.healthgrpc.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;

/**
 * One Watch stream of the canonical client, recording what it receives and how it ends.
 */
final class WatchRecorder implements StreamObserver<HealthCheckResponse>, AutoCloseable {

	private final String service;

	private final List<ServingStatus> statuses = new CopyOnWriteArrayList<>();

	private final List<Long> receivedAtNanos = new CopyOnWriteArrayList<>();

	private final Context.CancellableContext context = Context.current().withCancellation();

	private volatile boolean completed;

	private volatile Throwable error;

	private volatile long endedAtNanos;

	private WatchRecorder(String service) {
		this.service = service;
	}

	static WatchRecorder watch(Channel channel, String service) {
		WatchRecorder recorder = new WatchRecorder(service);
		recorder.context.run(() -> HealthGrpc.newStub(channel)
			.watch(HealthCheckRequest.newBuilder().setService(service).build(), recorder));
		return recorder;
	}

	@Override
	public synchronized void onNext(HealthCheckResponse response) {
		this.receivedAtNanos.add(System.nanoTime());
		this.statuses.add(response.getStatus());
	}

	@Override
	public void onError(Throwable throwable) {
		this.error = throwable;
		this.endedAtNanos = System.nanoTime();
	}

	@Override
	public void onCompleted() {
		this.completed = true;
		this.endedAtNanos = System.nanoTime();
	}

	String service() {
		return this.service;
	}

	List<ServingStatus> statuses() {
		return List.copyOf(this.statuses);
	}

	ServingStatus last() {
		List<ServingStatus> received = statuses();
		return received.isEmpty() ? null : received.get(received.size() - 1);
	}

	/**
	 * When a status was first received after a moment, as {@link System#nanoTime()}.
	 * @param status the status
	 * @param afterNanos the moment
	 * @return the time, or -1 if it was not received
	 */
	synchronized long firstReceivedAfter(ServingStatus status, long afterNanos) {
		for (int i = 0; i < this.statuses.size(); i++) {
			if (this.statuses.get(i) == status && this.receivedAtNanos.get(i) - afterNanos >= 0) {
				return this.receivedAtNanos.get(i);
			}
		}
		return -1;
	}

	boolean isCompleted() {
		return this.completed;
	}

	Throwable error() {
		return this.error;
	}

	boolean hasEnded() {
		return this.completed || this.error != null;
	}

	/** When the stream ended, as {@link System#nanoTime()}. */
	long endedAtNanos() {
		return this.endedAtNanos;
	}

	@Override
	public void close() {
		this.context.cancel(null);
	}

}
