package io.github.healthgrpc.benchmarks.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * Watch streams on one name over a few Netty channels: when each one saw an expected
 * status, and when and how each one ended.
 */
public final class Watchers implements AutoCloseable {

	private final List<ManagedChannel> channels;

	private final List<Stream> streams = new ArrayList<>();

	private final CountDownLatch opened;

	private final CountDownLatch ended;

	private volatile CountDownLatch seenByAll = new CountDownLatch(0);

	private volatile ServingStatus expected;

	private volatile long since;

	private volatile ServingStatus current;

	public Watchers(int port, String service, int count, int channelCount) {
		this(IntStream.range(0, channelCount).mapToObj((i) -> channel(port)).toList(), service, count);
	}

	/** Opens {@code count} Watch streams on {@code service}, spread over the channels. */
	public Watchers(List<ManagedChannel> channels, String service, int count) {
		this.channels = channels;
		this.opened = new CountDownLatch(count);
		this.ended = new CountDownLatch(count);
		for (int i = 0; i < count; i++) {
			this.streams.add(new Stream(i == 0));
			HealthGrpc.newStub(channels.get(i % channels.size()))
				.watch(HealthCheckRequest.newBuilder().setService(service).build(), this.streams.get(i));
		}
	}

	/** A plaintext channel to 127.0.0.1 whose callbacks run on Netty's event loop. */
	public static ManagedChannel channel(int port) {
		return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
	}

	/** Waits until every stream has had its first message. */
	public Watchers awaitOpen(Duration timeout) throws InterruptedException {
		if (!this.opened.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(this.opened.getCount() + " Watch streams had no first message");
		}
		return this;
	}

	/** From now on, the first time each stream sees {@code status} is recorded. */
	public long expect(ServingStatus status) {
		this.streams.forEach((stream) -> stream.seenAt = -1);
		this.seenByAll = new CountDownLatch(this.streams.size());
		this.since = System.nanoTime();
		this.expected = status;
		return this.since;
	}

	/** Waits until every stream has seen the expected status. */
	public boolean awaitSeen(Duration timeout) throws InterruptedException {
		return this.seenByAll.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * When each stream that saw the expected status saw it, after the expectation,
	 * sorted.
	 */
	public long[] seen() {
		return this.streams.stream().mapToLong((s) -> s.seenAt).filter((t) -> t >= 0).sorted().toArray();
	}

	/** The first stream's last status. */
	public ServingStatus current() {
		return this.current;
	}

	/** Waits until the first stream's last status is {@code status}. */
	public boolean awaitCurrent(ServingStatus status, Duration timeout) throws InterruptedException {
		expect(status);
		return this.current == status || awaitSeen(timeout);
	}

	/** Waits until every stream has ended; when each did after a time, sorted. */
	public long[] awaitEnd(Duration timeout, long since) throws InterruptedException {
		this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		return this.streams.stream()
			.filter((s) -> s.code != null)
			.mapToLong((s) -> s.endedAt - since)
			.sorted()
			.toArray();
	}

	/** How many streams ended with each status code. */
	public String endCodes() {
		return this.streams.stream()
			.map((s) -> (s.code != null) ? s.code.name() : "still open")
			.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
			.toString();
	}

	@Override
	public void close() throws InterruptedException {
		this.channels.forEach(ManagedChannel::shutdownNow);
		for (ManagedChannel channel : this.channels) {
			channel.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private final class Stream implements StreamObserver<HealthCheckResponse> {

		private final boolean first;

		private volatile long seenAt = -1;

		private volatile long endedAt;

		private volatile Status.Code code;

		private boolean open;

		Stream(boolean first) {
			this.first = first;
		}

		@Override
		public void onNext(HealthCheckResponse response) {
			long now = System.nanoTime();
			if (this.first) {
				Watchers.this.current = response.getStatus();
			}
			if (response.getStatus() == Watchers.this.expected && this.seenAt < 0) {
				this.seenAt = now - Watchers.this.since;
				Watchers.this.seenByAll.countDown();
			}
			if (!this.open) {
				this.open = true;
				Watchers.this.opened.countDown();
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
			this.endedAt = System.nanoTime();
			this.code = code;
			Watchers.this.ended.countDown();
		}

	}

}
