package io.github.healthgrpc.internal.protocol;

import java.util.ArrayList;
import java.util.List;

import io.github.healthgrpc.ServingStatus;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Watch stream against a call whose readiness, cancellation and failures the test
 * sets: what is sent, what waits, and what is never sent (PROTOCOL.md rules 9 and 16).
 */
class WatchStreamTests {

	private final Object lock = new Object();

	private final RecordingCall call = new RecordingCall();

	private final WatchStream stream = new WatchStream(this.call, this.lock);

	@Test
	void aReadyReaderIsSentEveryChangeButNoRepeat() {
		offer(ServingStatus.SERVING);
		offer(ServingStatus.SERVING);
		offer(ServingStatus.NOT_SERVING);
		offer(null);
		offer(ServingStatus.UNKNOWN);

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING, HealthResponses.NOT_SERVING,
				HealthResponses.SERVICE_UNKNOWN, HealthResponses.UNKNOWN);
		assertThat(this.call.headers).isOne();
	}

	@Test
	void aReaderThatIsNotReadyGetsOnlyTheNewestStatusOnceReady() {
		offer(ServingStatus.SERVING);
		this.call.ready = false;
		offer(ServingStatus.NOT_SERVING);
		offer(ServingStatus.UNKNOWN);
		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING);

		this.call.ready = true;
		this.stream.onReady();
		this.stream.onReady();

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING, HealthResponses.UNKNOWN);
	}

	@Test
	void aStatusThatFlipsBackWhileTheReaderIsNotReadyIsNotSentAgain() {
		offer(ServingStatus.SERVING);
		this.call.ready = false;
		offer(ServingStatus.NOT_SERVING);
		offer(ServingStatus.SERVING);

		this.call.ready = true;
		this.stream.onReady();
		offer(ServingStatus.NOT_SERVING);

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING, HealthResponses.NOT_SERVING);
	}

	@Test
	void readinessWithNothingWaitingSendsNothing() {
		offer(ServingStatus.SERVING);
		this.call.readinessAsked = 0;

		this.stream.onReady();

		assertThat(this.call.readinessAsked).isZero();
		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING);
	}

	@Test
	void aReaderThatReportedReadinessIsNotAskedAgainUntilItsNextSend() {
		offer(ServingStatus.SERVING);
		this.stream.onReady();
		this.call.readinessAsked = 0;

		offer(ServingStatus.NOT_SERVING);
		assertThat(this.call.readinessAsked).isZero();
		offer(ServingStatus.SERVING);

		assertThat(this.call.readinessAsked).isOne();
		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING, HealthResponses.NOT_SERVING,
				HealthResponses.SERVING);
	}

	@Test
	void aReaderThatBecomesReadyJustAfterItWasAskedIsSentWhatWaitsAtOnce() {
		offer(ServingStatus.SERVING);
		this.call.ready = false;
		// The transport turns ready and reports it right after answering "not ready",
		// before the stream has put the status aside: the report finds nothing waiting.
		this.call.whenAsked = () -> {
			this.call.whenAsked = null;
			this.call.ready = true;
			this.stream.onReady();
		};

		offer(ServingStatus.NOT_SERVING);

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING, HealthResponses.NOT_SERVING);
	}

	@Test
	void aStaleReadinessReportLetsOneMessageThroughThenTheReaderIsHeldAgain() {
		offer(ServingStatus.SERVING);
		this.call.ready = false;
		this.stream.onReady();

		offer(ServingStatus.NOT_SERVING);
		offer(ServingStatus.SERVING);
		offer(ServingStatus.UNKNOWN);

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING, HealthResponses.NOT_SERVING);
		this.call.ready = true;
		this.stream.onReady();
		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING, HealthResponses.NOT_SERVING,
				HealthResponses.UNKNOWN);
	}

	@Test
	void completeSendsWhatWaitsEvenToAReaderThatIsNotReadyThenCompletesOnce() {
		offer(ServingStatus.SERVING);
		this.call.ready = false;
		offer(ServingStatus.NOT_SERVING);

		this.stream.complete();
		this.stream.complete();
		offer(ServingStatus.SERVING);
		this.call.ready = true;
		this.stream.onReady();

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING, HealthResponses.NOT_SERVING);
		assertThat(this.call.completions).isOne();
	}

	@Test
	void aStreamCompletedBeforeItsFirstStatusSendsNoHeaders() {
		this.stream.complete();

		assertThat(this.call.headers).isZero();
		assertThat(this.call.completions).isOne();
	}

	@Test
	void completeWithNothingWaitingOnlyCompletes() {
		offer(ServingStatus.SERVING);

		this.stream.complete();

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING);
		assertThat(this.call.completions).isOne();
	}

	@Test
	void aCancelledCallIsSentNothingAndNotCompleted() {
		offer(ServingStatus.SERVING);
		this.call.ready = false;
		offer(ServingStatus.NOT_SERVING);
		this.call.cancelled = true;
		this.call.ready = true;

		this.stream.onReady();
		offer(ServingStatus.UNKNOWN);
		this.stream.complete();

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING);
		assertThat(this.call.completions).isZero();
	}

	@Test
	void aCallWhoseTransportFailsOnSendIsSentNothingMore() {
		offer(ServingStatus.SERVING);
		this.call.failing = true;
		offer(ServingStatus.NOT_SERVING);
		this.call.failing = false;

		offer(ServingStatus.UNKNOWN);
		this.stream.complete();

		assertThat(this.call.sent).containsExactly(HealthResponses.SERVING);
		assertThat(this.call.completions).isZero();
	}

	@Test
	void aTransportThatFailsOnCompletionIsNotAnError() {
		this.call.failing = true;

		this.stream.complete();
		this.call.failing = false;
		this.stream.complete();

		assertThat(this.call.completions).isZero();
	}

	private void offer(ServingStatus status) {
		synchronized (this.lock) {
			this.stream.accept(status);
		}
	}

	/** A server call that records what it is sent. */
	private static final class RecordingCall extends ServerCall<HealthCheckRequest, HealthCheckResponse> {

		final List<HealthCheckResponse> sent = new ArrayList<>();

		int headers;

		int completions;

		int readinessAsked;

		boolean ready = true;

		boolean cancelled;

		boolean failing;

		// Runs after isReady() has taken its answer, as a transport that changes right
		// after answering.
		@Nullable Runnable whenAsked;

		@Override
		public boolean isReady() {
			this.readinessAsked++;
			boolean answer = this.ready;
			Runnable then = this.whenAsked;
			if (then != null) {
				then.run();
			}
			return answer;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			this.headers++;
		}

		@Override
		public void sendMessage(HealthCheckResponse message) {
			if (this.failing) {
				throw new IllegalStateException("transport gone");
			}
			assertThat(this.headers).as("headers before the first message").isOne();
			this.sent.add(message);
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (this.failing) {
				throw new IllegalStateException("transport gone");
			}
			assertThat(status.isOk()).isTrue();
			this.completions++;
		}

		@Override
		public void request(int numMessages) {
			throw new UnsupportedOperationException();
		}

		@Override
		public MethodDescriptor<HealthCheckRequest, HealthCheckResponse> getMethodDescriptor() {
			return HealthServiceDescriptors.WATCH_METHOD;
		}

	}

}
