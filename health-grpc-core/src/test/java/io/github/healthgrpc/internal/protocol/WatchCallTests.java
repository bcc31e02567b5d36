package io.github.healthgrpc.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatus;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Watch call's life on grpc's call API: one request, then the watch; anything else is
 * refused once and leaves nothing behind (PROTOCOL.md rules 10 and 11). Most tests drive
 * the call's listener the way grpc does, one callback at a time, against a call that
 * records what it is told.
 */
class WatchCallTests {

	private final HealthStatusTable table = new HealthStatusTable();

	private final HealthGrpcService service = new HealthGrpcService(this.table);

	private final RecordingCall call = new RecordingCall();

	private final HealthServerFixture server = HealthServerFixture.overTcp();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@Test
	void theCallAsksForTwoRequestsSoThatASecondOneIsSeen() {
		start();

		assertThat(this.call.requested).isEqualTo(2);
	}

	@Test
	void oneRequestThenHalfCloseStartsTheWatchWithHeadersFirst() {
		this.table.set("orders", ServingStatus.SERVING);
		ServerCall.Listener<HealthCheckRequest> listener = start();

		listener.onMessage(request("orders"));
		listener.onHalfClose();

		assertThat(this.call.events).containsExactly("headers", "SERVING");
		assertThat(this.call.onReadyThreshold).isEqualTo(HealthGrpcService.WATCH_READY_THRESHOLD_BYTES);
		assertThat(this.service.openWatchCount()).isOne();
		assertThat(this.table.subscriptions().count()).isOne();
	}

	@Test
	void readinessBeforeTheWatchStartsIsIgnored() {
		ServerCall.Listener<HealthCheckRequest> listener = start();

		listener.onReady();
		listener.onMessage(request("orders"));
		listener.onReady();

		assertThat(this.call.events).isEmpty();
	}

	@Test
	void readinessSendsTheStatusThatWaited() {
		this.table.set("orders", ServingStatus.SERVING);
		ServerCall.Listener<HealthCheckRequest> listener = start();
		listener.onMessage(request("orders"));
		listener.onHalfClose();
		this.call.ready = false;
		this.table.set("orders", ServingStatus.NOT_SERVING);
		assertThat(this.call.events).containsExactly("headers", "SERVING");

		this.call.ready = true;
		listener.onReady();

		assertThat(this.call.events).containsExactly("headers", "SERVING", "NOT_SERVING");
	}

	@Test
	void cancellationForgetsTheWatch() {
		ServerCall.Listener<HealthCheckRequest> listener = startWatching("orders");

		listener.onCancel();
		listener.onCancel();

		assertThat(this.service.openWatchCount()).isZero();
		assertThat(this.table.subscriptions().count()).isZero();
	}

	@Test
	void completionForgetsTheWatch() {
		ServerCall.Listener<HealthCheckRequest> listener = startWatching("orders");

		listener.onComplete();

		assertThat(this.service.openWatchCount()).isZero();
		assertThat(this.table.subscriptions().count()).isZero();
	}

	@Test
	void aSecondRequestIsRefusedOnceAndNothingIsWatched() {
		ServerCall.Listener<HealthCheckRequest> listener = start();

		listener.onMessage(request("orders"));
		listener.onMessage(request("payments"));
		listener.onMessage(request("inventory"));
		listener.onHalfClose();

		assertThat(this.call.events).containsExactly("close INTERNAL Watch takes one request, the client sent more");
		assertThat(this.service.openWatchCount()).isZero();
		assertThat(this.table.subscriptions().count()).isZero();
	}

	@Test
	void aHalfCloseWithoutARequestIsRefused() {
		ServerCall.Listener<HealthCheckRequest> listener = start();

		listener.onHalfClose();

		assertThat(this.call.events).containsExactly("close INTERNAL Watch takes one request, the client sent none");
		assertThat(this.service.openWatchCount()).isZero();
	}

	// A client stub would not send two requests on a server-streaming method, so this
	// client calls the method as bidirectional. grpc's server transport already refuses
	// the second request (the client sees the stream reset) before the listener hears of
	// it: what matters here is that the call ends and leaves nothing behind.
	@Test
	void overNettyASecondRequestEndsTheCallAndLeavesNothingBehind() throws InterruptedException {
		ClientCall<HealthCheckRequest, HealthCheckResponse> client = this.server.channel()
			.newCall(
					HealthGrpc.getWatchMethod().toBuilder().setType(MethodDescriptor.MethodType.BIDI_STREAMING).build(),
					CallOptions.DEFAULT);
		LinkedBlockingQueue<Status> closed = new LinkedBlockingQueue<>();
		client.start(new ClientCall.Listener<>() {

			@Override
			public void onClose(Status status, Metadata trailers) {
				closed.add(status);
			}

		}, new Metadata());
		client.request(1);
		client.sendMessage(request("orders"));
		client.sendMessage(request("orders"));
		client.halfClose();

		Status status = closed.poll(10, TimeUnit.SECONDS);
		assertThat(status).isNotNull();
		assertThat(status.isOk()).as(status.toString()).isFalse();
		eventually().untilAsserted(this.server::assertNoWatchIsRemembered);
	}

	private ServerCall.Listener<HealthCheckRequest> startWatching(String name) {
		ServerCall.Listener<HealthCheckRequest> listener = start();
		listener.onMessage(request(name));
		listener.onHalfClose();
		assertThat(this.service.openWatchCount()).isOne();
		return listener;
	}

	@SuppressWarnings("unchecked")
	private ServerCall.Listener<HealthCheckRequest> start() {
		ServerCallHandler<HealthCheckRequest, HealthCheckResponse> handler = (ServerCallHandler<HealthCheckRequest, HealthCheckResponse>) this.service
			.bindService()
			.getMethod(HealthServiceDescriptors.WATCH_METHOD.getFullMethodName())
			.getServerCallHandler();
		return handler.startCall(this.call, new Metadata());
	}

	private static HealthCheckRequest request(String name) {
		return HealthCheckRequest.newBuilder().setService(name).build();
	}

	/** A server call that records what it is told, in order. */
	private static final class RecordingCall extends ServerCall<HealthCheckRequest, HealthCheckResponse> {

		final List<String> events = new ArrayList<>();

		int requested;

		int onReadyThreshold;

		boolean ready = true;

		@Override
		public void request(int numMessages) {
			this.requested += numMessages;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			this.events.add("headers");
		}

		@Override
		public void sendMessage(HealthCheckResponse message) {
			this.events.add(message.getStatus().name());
		}

		@Override
		public boolean isReady() {
			return this.ready;
		}

		@Override
		public void setOnReadyThreshold(int numBytes) {
			this.onReadyThreshold = numBytes;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			this.events.add("close " + status.getCode() + " " + status.getDescription());
		}

		@Override
		public boolean isCancelled() {
			return false;
		}

		@Override
		public MethodDescriptor<HealthCheckRequest, HealthCheckResponse> getMethodDescriptor() {
			return HealthServiceDescriptors.WATCH_METHOD;
		}

	}

}
