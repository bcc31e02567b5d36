package io.github.healthgrpc.benchmarks.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

/**
 * One Watch stream on one name, with every message it received and when (its own channel,
 * so that nothing else shares its connection).
 */
public final class StatusWatch implements AutoCloseable {

	private final ManagedChannel channel;

	private final List<Message> messages = new ArrayList<>();

	private boolean ended;

	/**
	 * One message.
	 *
	 * @param status what it said
	 * @param nanos {@link System#nanoTime()} when it arrived
	 */
	public record Message(ServingStatus status, long nanos) {
	}

	public StatusWatch(int port, String service) {
		this.channel = Netty.channel(port);
		HealthGrpc.newStub(this.channel)
			.watch(HealthCheckRequest.newBuilder().setService(service).build(), new Observer());
	}

	/**
	 * Waits for a message with a status that arrived at or after a time, and returns when
	 * it arrived, or -1 if none came in time.
	 */
	public synchronized long await(ServingStatus status, long sinceNanos, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			for (Message message : this.messages) {
				if (message.nanos() >= sinceNanos && message.status() == status) {
					return message.nanos();
				}
			}
			long left = deadline - System.nanoTime();
			if (left <= 0 || this.ended) {
				return -1;
			}
			wait(Math.max(1, left / 1_000_000));
		}
	}

	/** Waits until the current status (the last message) is the given one. */
	public synchronized boolean awaitCurrent(ServingStatus status, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (current() != status) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || this.ended) {
				return false;
			}
			wait(Math.max(1, left / 1_000_000));
		}
		return true;
	}

	/** The last status received, or {@code null} before the first message. */
	public synchronized ServingStatus current() {
		return this.messages.isEmpty() ? null : this.messages.get(this.messages.size() - 1).status();
	}

	@Override
	public void close() {
		Netty.stop(List.of(this.channel));
	}

	private final class Observer implements StreamObserver<HealthCheckResponse> {

		@Override
		public void onNext(HealthCheckResponse response) {
			long now = System.nanoTime();
			synchronized (StatusWatch.this) {
				StatusWatch.this.messages.add(new Message(response.getStatus(), now));
				StatusWatch.this.notifyAll();
			}
		}

		@Override
		public void onError(Throwable error) {
			end();
		}

		@Override
		public void onCompleted() {
			end();
		}

		private void end() {
			synchronized (StatusWatch.this) {
				StatusWatch.this.ended = true;
				StatusWatch.this.notifyAll();
			}
		}

	}

}
