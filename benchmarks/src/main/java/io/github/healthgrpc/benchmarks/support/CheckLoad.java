package io.github.healthgrpc.benchmarks.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * A closed-loop load of unary Check calls: each caller sends its next call as soon as the
 * previous one completes, for a warm-up and then a measured window. Throughput counts the
 * calls completed inside the window; latency is sampled from calls started inside it.
 */
public final class CheckLoad {

	private static final HealthCheckRequest OVERALL = HealthCheckRequest.newBuilder().setService("").build();

	/**
	 * One measured window.
	 *
	 * @param callsPerSecond completed calls per second
	 * @param latency per-call latency in nanoseconds
	 * @param errors calls that failed
	 * @param notServing calls that answered anything but SERVING
	 */
	public record Result(double callsPerSecond, Samples latency, long errors, long notServing) {
	}

	private CheckLoad() {
	}

	public static Result run(int port, int callers, int channelCount, Duration warmup, Duration window)
			throws InterruptedException {
		return run(port, callers, channelCount, warmup, window, null);
	}

	/**
	 * The same, with the client's connections on the client thread of {@code loops}
	 * (null: grpc's default).
	 */
	public static Result run(int port, int callers, int channelCount, Duration warmup, Duration window,
			Netty.Loops loops) throws InterruptedException {
		List<ManagedChannel> channels = new ArrayList<>();
		for (int i = 0; i < channelCount; i++) {
			channels.add(Netty.channel(port, loops));
		}
		try {
			long start = System.nanoTime();
			long windowStart = start + warmup.toNanos();
			long windowEnd = windowStart + window.toNanos();
			CountDownLatch done = new CountDownLatch(callers);
			List<Caller> all = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				Caller caller = new Caller(channels.get(i % channelCount), windowStart, windowEnd, done);
				all.add(caller);
			}
			all.forEach(Caller::next);
			if (!done.await(warmup.toSeconds() + window.toSeconds() + 60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Check callers did not finish");
			}
			Samples latency = new Samples();
			long completed = 0;
			long errors = 0;
			long notServing = 0;
			for (Caller caller : all) {
				latency.addAll(caller.latency);
				completed += caller.completedInWindow;
				errors += caller.errors;
				notServing += caller.notServing;
			}
			return new Result(completed / (window.toNanos() / 1e9), latency, errors, notServing);
		}
		finally {
			Netty.stop(channels);
		}
	}

	/** One caller; its callbacks run one at a time, so its fields need no locking. */
	private static final class Caller implements StreamObserver<HealthCheckResponse> {

		private final ManagedChannel channel;

		private final long windowStart;

		private final long windowEnd;

		private final CountDownLatch done;

		private final Samples latency = new Samples();

		private long sentAt;

		private long completedInWindow;

		private long errors;

		private long notServing;

		private boolean servingSeen;

		Caller(ManagedChannel channel, long windowStart, long windowEnd, CountDownLatch done) {
			this.channel = channel;
			this.windowStart = windowStart;
			this.windowEnd = windowEnd;
			this.done = done;
		}

		void next() {
			long now = System.nanoTime();
			if (now >= this.windowEnd) {
				this.done.countDown();
				return;
			}
			this.sentAt = now;
			this.servingSeen = false;
			ClientCalls.asyncUnaryCall(this.channel.newCall(HealthGrpc.getCheckMethod(),
					CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)), OVERALL, this);
		}

		@Override
		public void onNext(HealthCheckResponse response) {
			this.servingSeen = response.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
		}

		@Override
		public void onError(Throwable error) {
			this.errors++;
			next();
		}

		@Override
		public void onCompleted() {
			long now = System.nanoTime();
			if (now >= this.windowStart && now < this.windowEnd) {
				this.completedInWindow++;
				if (!this.servingSeen) {
					this.notServing++;
				}
			}
			if (this.sentAt >= this.windowStart && now < this.windowEnd) {
				this.latency.add(now - this.sentAt);
			}
			next();
		}

	}

}
