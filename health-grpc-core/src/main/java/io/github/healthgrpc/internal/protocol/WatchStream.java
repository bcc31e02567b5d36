package io.github.healthgrpc.internal.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.healthgrpc.ServingStatus;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import org.jspecify.annotations.Nullable;

/**
 * One open Watch call. Holds at most one response that waits to be sent: a newer status
 * replaces it, so a slow reader costs one slot, never a queue.
 * <p>
 * Everything that sends runs under the lock of the {@link Subscriptions} the stream is
 * subscribed to, which a status change already holds while it tells the stream: a change
 * costs each stream a readiness check and the send, with no synchronization of the
 * stream's own. Readiness arrives on the call's executor and takes the lock only when a
 * response is waiting.
 * <p>
 * A reader's readiness only ends through a send of ours (or the end of the call), so a
 * stream that was told the reader became ready since its last send sends without asking
 * the transport again: a reader that takes each message as it comes (and is told of its
 * readiness after each) costs no readiness check at all. A report that was already stale
 * when it arrived lets one message more through, once: each report needs the reader to
 * have read, so a reader that does not read is still held to one waiting response.
 */
final class WatchStream implements Consumer<@Nullable ServingStatus> {

	private static final VarHandle READY_REPORTED;

	static {
		try {
			READY_REPORTED = MethodHandles.lookup().findVarHandle(WatchStream.class, "readyReported", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ServerCall<HealthCheckRequest, HealthCheckResponse> call;

	private final Object lock;

	// Written under the lock; read without it by onReady(), to skip the lock when nothing
	// waits.
	private volatile @Nullable HealthCheckResponse pending;

	@GuardedBy("lock")
	private @Nullable HealthCheckResponse lastSent;

	// Set (release) by onReady() on the call's executor, cleared under the lock before
	// each send; read (acquire) under the lock. Only ever a shortcut past isReady(): a
	// report that is missed costs one readiness check, never a message.
	@SuppressWarnings("unused")
	private boolean readyReported;

	@GuardedBy("lock")
	private boolean headersSent;

	@GuardedBy("lock")
	private boolean completing;

	@GuardedBy("lock")
	private boolean finished;

	/**
	 * @param call the Watch call
	 * @param lock the {@link Subscriptions#lock() lock} of the subscriptions the stream
	 * subscribes to
	 */
	WatchStream(ServerCall<HealthCheckRequest, HealthCheckResponse> call, Object lock) {
		this.call = call;
		this.lock = lock;
	}

	/**
	 * Sends a status now if the reader is ready, else keeps it in place of any that was
	 * not sent yet. Called by the subscriptions, under their lock (the stream is the
	 * subscription's consumer itself: one object fewer to reach per watcher on a change).
	 * @param status the status, {@code null} while the name is unknown
	 */
	@Override
	@GuardedBy("lock")
	public void accept(@Nullable ServingStatus status) {
		send(HealthResponses.forWatch(status));
	}

	/** The reader became ready: sends what waits, if anything does. */
	void onReady() {
		READY_REPORTED.setRelease(this, true);
		if (this.pending == null) {
			return;
		}
		synchronized (this.lock) {
			HealthCheckResponse waiting = this.pending;
			if (waiting != null) {
				send(waiting);
			}
		}
	}

	/**
	 * Sends what waits, even to a reader that is not ready, then completes the call.
	 */
	void complete() {
		synchronized (this.lock) {
			if (this.finished) {
				return;
			}
			this.completing = true;
			HealthCheckResponse waiting = this.pending;
			if (waiting != null) {
				send(waiting);
			}
			if (!this.finished) {
				this.finished = true;
				try {
					this.call.close(Status.OK, new Metadata());
				}
				catch (RuntimeException ex) {
					// The transport went away meanwhile: the call is over anyway.
				}
			}
		}
	}

	@GuardedBy("lock")
	private void send(HealthCheckResponse response) {
		if (this.finished) {
			return;
		}
		try {
			if (this.call.isCancelled()) {
				finish();
			}
			else if (this.completing || (boolean) READY_REPORTED.getAcquire(this) || this.call.isReady()) {
				transmit(response);
			}
			else {
				if (this.pending != response) {
					this.pending = response;
				}
				// The reader may have become ready since it was asked, and its onReady()
				// may have found nothing waiting: asked again now that this waits, so it
				// does not wait for the next change.
				if (this.call.isReady()) {
					transmit(response);
				}
			}
		}
		catch (RuntimeException ex) {
			// The transport went away between the checks and the send: the call is over.
			finish();
		}
	}

	@GuardedBy("lock")
	private void transmit(HealthCheckResponse response) {
		if (this.pending != null) {
			this.pending = null;
		}
		if (response != this.lastSent) {
			this.lastSent = response;
			if (!this.headersSent) {
				// Here, not when the call starts: a refused Watch ends with its status
				// alone.
				this.headersSent = true;
				this.call.sendHeaders(new Metadata());
			}
			// Before the send: with a direct executor the transport can report readiness
			// from inside it.
			READY_REPORTED.setRelease(this, false);
			this.call.sendMessage(response);
		}
	}

	@GuardedBy("lock")
	private void finish() {
		this.finished = true;
		this.pending = null;
	}

}
