package io.github.healthgrpc.internal.protocol;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.healthgrpc.ServingStatus;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.stub.ServerCallStreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * One open Watch call. Holds at most one status that waits to be sent: a newer status
 * replaces it, so a slow reader costs one slot, never a queue. Sending is serialized by a
 * work-in-progress counter, because statuses arrive on writer threads while readiness
 * arrives on the call's executor.
 */
final class WatchStream {

	private final ServerCallStreamObserver<HealthCheckResponse> call;

	private final AtomicReference<HealthCheckResponse.@Nullable ServingStatus> pending = new AtomicReference<>();

	private final AtomicInteger workInProgress = new AtomicInteger();

	private volatile boolean completionRequested;

	private volatile boolean abandoned;

	// Only touched inside drain(), which runs on one thread at a time.
	private HealthCheckResponse.@Nullable ServingStatus lastSent;

	private boolean finished;

	WatchStream(ServerCallStreamObserver<HealthCheckResponse> call) {
		this.call = call;
	}

	/** Makes this the status to send next, replacing any that was not sent yet. */
	void offer(@Nullable ServingStatus status) {
		this.pending
			.set((status != null) ? HealthResponses.toWire(status) : HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN);
		drain();
	}

	/**
	 * Sends what is pending, even to a reader that is not ready, then completes the call.
	 */
	void complete() {
		this.completionRequested = true;
		drain();
	}

	/** The call was cancelled or failed: nothing more is sent. */
	void abandon() {
		this.abandoned = true;
		drain();
	}

	void drain() {
		if (this.workInProgress.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			if (this.abandoned) {
				this.finished = true;
			}
			if (!this.finished) {
				sendPending();
			}
			else {
				this.pending.set(null);
			}
			missed = this.workInProgress.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void sendPending() {
		try {
			if (this.call.isCancelled()) {
				this.finished = true;
				this.pending.set(null);
				return;
			}
			boolean completing = this.completionRequested;
			if (completing || this.call.isReady()) {
				HealthCheckResponse.@Nullable ServingStatus status = this.pending.getAndSet(null);
				if (status != null && status != this.lastSent) {
					this.lastSent = status;
					this.call.onNext(HealthResponses.of(status));
				}
			}
			if (completing) {
				this.finished = true;
				this.call.onCompleted();
			}
		}
		catch (RuntimeException ex) {
			// The transport went away between the checks and the send: the call is over.
			this.finished = true;
			this.pending.set(null);
		}
	}

}
