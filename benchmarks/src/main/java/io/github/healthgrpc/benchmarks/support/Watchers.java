package io.github.healthgrpc.benchmarks.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

/**
 * Many Watch streams on one name, spread over a few channels, with the time at which each
 * one saw a status and at which each one ended.
 */
public final class Watchers implements AutoCloseable {

	private final int count;

	private final List<ManagedChannel> channels = new ArrayList<>();

	private final CountDownLatch opened;

	private final CountDownLatch ended;

	private final long[] endedAt;

	private final Status.Code[] endCodes;

	private volatile Round round;

	public Watchers(int port, int count, int channelCount) {
		this.count = count;
		for (int i = 0; i < channelCount; i++) {
			this.channels.add(Netty.channel(port));
		}
		this.opened = new CountDownLatch(count);
		this.ended = new CountDownLatch(count);
		this.endedAt = new long[count];
		this.endCodes = new Status.Code[count];
	}

	/** Opens every stream on a service name. */
	public Watchers open(String service) {
		HealthCheckRequest request = HealthCheckRequest.newBuilder().setService(service).build();
		for (int i = 0; i < this.count; i++) {
			HealthGrpc.newStub(this.channels.get(i % this.channels.size())).watch(request, new Observer(i));
		}
		return this;
	}

	/** Waits until every stream has had its first message. */
	public boolean awaitFirstMessages(Duration timeout) throws InterruptedException {
		return this.opened.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public long firstMessagesMissing() {
		return this.opened.getCount();
	}

	/**
	 * Starts timing: from now, the first time each stream sees {@code expected} is
	 * recorded.
	 */
	public Round expect(ServingStatus expected) {
		Round next = new Round(expected, this.count);
		this.round = next;
		return next;
	}

	/** Waits until every stream has ended. */
	public boolean awaitEnd(Duration timeout) throws InterruptedException {
		return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** When each ended stream ended, in nanoseconds after a start time. */
	public Samples endTimes(long since) {
		long earliest = since;
		for (int i = 0; i < this.count; i++) {
			if (this.endCodes[i] != null) {
				earliest = Math.min(earliest, this.endedAt[i]);
			}
		}
		// A stream that failed before the start time ends at a negative time.
		Samples samples = Samples.atLeast(earliest - since);
		for (int i = 0; i < this.count; i++) {
			if (this.endCodes[i] != null) {
				samples.add(this.endedAt[i] - since);
			}
		}
		return samples;
	}

	/** How the streams ended, by status code ({@code null}: still open). */
	public Map<Status.Code, Integer> endCodes() {
		Map<Status.Code, Integer> codes = new java.util.TreeMap<>(
				java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
		int open = 0;
		for (Status.Code code : this.endCodes) {
			if (code == null) {
				open++;
			}
			else {
				codes.merge(code, 1, Integer::sum);
			}
		}
		if (open > 0) {
			codes.put(null, open);
		}
		return codes;
	}

	@Override
	public void close() {
		Netty.stop(this.channels);
	}

	/** One status change being timed. */
	public static final class Round {

		private final ServingStatus expected;

		private final long[] times;

		private final CountDownLatch latch;

		private final long start = System.nanoTime();

		Round(ServingStatus expected, int count) {
			this.expected = expected;
			this.times = new long[count];
			Arrays.fill(this.times, -1);
			this.latch = new CountDownLatch(count);
		}

		public long start() {
			return this.start;
		}

		/** Waits until every stream has seen the status. */
		public boolean await(Duration timeout) throws InterruptedException {
			return this.latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		public long missing() {
			return this.latch.getCount();
		}

		/** For each stream that has seen it, nanoseconds from the start of the round. */
		public Samples times() {
			Samples samples = new Samples();
			for (long time : this.times) {
				if (time >= 0) {
					samples.add(time);
				}
			}
			return samples;
		}

	}

	private final class Observer implements StreamObserver<HealthCheckResponse> {

		private final int index;

		private boolean first = true;

		Observer(int index) {
			this.index = index;
		}

		@Override
		public void onNext(HealthCheckResponse response) {
			if (this.first) {
				this.first = false;
				Watchers.this.opened.countDown();
				return;
			}
			Round current = Watchers.this.round;
			if (current != null && response.getStatus() == current.expected && current.times[this.index] < 0) {
				current.times[this.index] = System.nanoTime() - current.start;
				current.latch.countDown();
			}
		}

		@Override
		public void onError(Throwable error) {
			end(Status.fromThrowable(error).getCode());
		}

		@Override
		public void onCompleted() {
			end(Status.Code.OK);
		}

		private void end(Status.Code code) {
			Watchers.this.endedAt[this.index] = System.nanoTime();
			Watchers.this.endCodes[this.index] = code;
			Watchers.this.ended.countDown();
		}

	}

}
