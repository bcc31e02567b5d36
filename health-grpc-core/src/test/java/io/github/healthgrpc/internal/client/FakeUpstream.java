package io.github.healthgrpc.internal.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * An in-process upstream whose health service answers each Watch exactly as the test
 * says: statuses, an error, or the end of the stream. Direct executors on both ends, so
 * that what the server sends has reached the watch when the send returns.
 */
final class FakeUpstream implements AutoCloseable {

	private final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();

	private final Server server;

	private final ManagedChannel channel;

	private FakeUpstream(boolean withHealth) {
		String name = InProcessServerBuilder.generateName();
		InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
		if (withHealth) {
			builder.addService(new HealthGrpc.HealthImplBase() {
				@Override
				public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> observer) {
					FakeUpstream.this.streams
						.add(new Stream(request, (ServerCallStreamObserver<HealthCheckResponse>) observer));
				}
			});
		}
		try {
			this.server = builder.build().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	/** An upstream with a health service that answers as told. */
	static FakeUpstream withHealth() {
		return new FakeUpstream(true);
	}

	/** An upstream without any health service. */
	static FakeUpstream withoutHealth() {
		return new FakeUpstream(false);
	}

	ManagedChannel channel() {
		return this.channel;
	}

	/** The next Watch call the upstream received. */
	Stream nextStream() {
		try {
			Stream stream = this.streams.poll(5, TimeUnit.SECONDS);
			if (stream == null) {
				throw new AssertionError("No Watch call reached the upstream");
			}
			return stream;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** Whether a Watch call arrived that no test took yet. */
	boolean hasStream() {
		return !this.streams.isEmpty();
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		this.server.shutdownNow();
	}

	/** One Watch call on the upstream. */
	record Stream(HealthCheckRequest request, ServerCallStreamObserver<HealthCheckResponse> observer) {

		void send(ServingStatus status) {
			this.observer.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
		}

		void fail(Status status) {
			this.observer.onError(status.asRuntimeException());
		}

		void complete() {
			this.observer.onCompleted();
		}

		boolean cancelled() {
			return this.observer.isCancelled();
		}

	}

}
