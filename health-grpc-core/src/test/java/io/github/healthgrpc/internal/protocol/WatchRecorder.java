package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client side of one Watch call, made with the stub generated from the canonical
 * health.proto: records every status that arrives and how the call ends.
 */
final class WatchRecorder implements ClientResponseObserver<HealthCheckRequest, HealthCheckResponse> {

	private final boolean reading;

	private final List<HealthCheckResponse.ServingStatus> statuses = new CopyOnWriteArrayList<>();

	private final AtomicReference<Status> end = new AtomicReference<>();

	private volatile ClientCallStreamObserver<HealthCheckRequest> call;

	private volatile HealthCheckResponse.ServingStatus cancelOn;

	private WatchRecorder(boolean reading) {
		this.reading = reading;
	}

	/** Watches a name and reads every message as soon as it arrives. */
	static WatchRecorder watch(Channel channel, String name) {
		return start(channel, name, true);
	}

	/**
	 * Watches a name but asks for no message until {@link #request(int)}: a slow reader.
	 */
	static WatchRecorder watchWithoutReading(Channel channel, String name) {
		return start(channel, name, false);
	}

	private static WatchRecorder start(Channel channel, String name, boolean reading) {
		WatchRecorder recorder = new WatchRecorder(reading);
		HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(name).build(), recorder);
		return recorder;
	}

	@Override
	public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> call) {
		this.call = call;
		if (!this.reading) {
			call.disableAutoRequestWithInitial(0);
		}
	}

	@Override
	public void onNext(HealthCheckResponse response) {
		this.statuses.add(response.getStatus());
		if (response.getStatus() == this.cancelOn) {
			cancel();
		}
	}

	@Override
	public void onError(Throwable failure) {
		this.end.set(Status.fromThrowable(failure));
	}

	@Override
	public void onCompleted() {
		this.end.set(Status.OK);
	}

	/** The statuses received so far, oldest first. */
	List<HealthCheckResponse.ServingStatus> statuses() {
		return List.copyOf(this.statuses);
	}

	boolean hasReceivedAny() {
		return !this.statuses.isEmpty();
	}

	boolean isOpen() {
		return this.end.get() == null;
	}

	/** Waits until exactly these statuses have arrived, in this order. */
	WatchRecorder awaitStatuses(HealthCheckResponse.ServingStatus... expected) {
		eventually().untilAsserted(() -> assertThat(this.statuses).containsExactly(expected));
		return this;
	}

	/** Waits until the newest status received is this one. */
	WatchRecorder awaitLatest(HealthCheckResponse.ServingStatus expected) {
		eventually().untilAsserted(() -> assertThat(this.statuses).last().isEqualTo(expected));
		return this;
	}

	/** Waits for the end of the call and returns its status. */
	Status awaitEnd() {
		eventually().until(() -> !isOpen());
		return this.end.get();
	}

	/** Asks for more messages (for a reader made with {@link #watchWithoutReading}). */
	void request(int count) {
		this.call.request(count);
	}

	/** Makes the client cancel the call from inside its handler of this status. */
	WatchRecorder cancelOnReceiving(HealthCheckResponse.ServingStatus status) {
		this.cancelOn = status;
		return this;
	}

	void cancel() {
		this.call.cancel("cancelled by the test", null);
	}

}
