package io.github.healthgrpc.sample;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.sample.helloworld.GreeterGrpc;
import io.github.healthgrpc.sample.helloworld.HelloReply;
import io.github.healthgrpc.sample.helloworld.HelloRequest;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health-checked load balancing, the distributed case: three sample instances, one
 * grpc-java channel with {@code round_robin} and {@code "healthCheckConfig":
 * {"serviceName": "helloworld.Greeter"}} (client-side health checking, gRFC A17: one
 * Watch per backend), and a steady stream of Greeter calls.
 */
class LoadBalancingIT {

	/**
	 * The service config, as JSON:
	 * {@code {"loadBalancingConfig":[{"round_robin":{}}],"healthCheckConfig":{"serviceName":"helloworld.Greeter"}}}.
	 */
	private static final Map<String, ?> SERVICE_CONFIG = Map.of("loadBalancingConfig",
			List.of(Map.of("round_robin", Map.of())), "healthCheckConfig", Map.of("serviceName", "helloworld.Greeter"));

	private static final String SCHEME = "sample-instances";

	/** application.yml: grpc.health.refresh-interval. */
	private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);

	/** application.yml: grpc.health.shutdown.drain-delay. */
	private static final Duration DRAIN_DELAY = Duration.ofSeconds(2);

	/** Room for a busy machine; not a timing claim. */
	private static final Duration MARGIN = Duration.ofSeconds(4);

	/**
	 * Replies in a row from the other instances that show an instance is out of rotation.
	 */
	private static final long OUT_OF_ROTATION_STREAK = 60;

	private static List<SampleProcess> instances;

	private static NameResolverProvider resolver;

	@BeforeAll
	static void startThreeInstances() throws Exception {
		instances = SampleProcess.startAll("lb-a", "lb-b", "lb-c");
		resolver = new StaticResolverProvider(
				instances.stream().map((instance) -> new InetSocketAddress("127.0.0.1", instance.grpcPort())).toList());
		NameResolverRegistry.getDefaultRegistry().register(resolver);
	}

	@AfterAll
	static void stopInstances() {
		if (resolver != null) {
			NameResolverRegistry.getDefaultRegistry().deregister(resolver);
		}
		if (instances != null) {
			instances.forEach(SampleProcess::close);
		}
	}

	@Test
	void brokenAndStoppingInstancesLeaveRotationWithoutLosingCalls() throws Exception {
		SampleProcess b = instances.get(1);
		SampleProcess c = instances.get(2);
		ManagedChannel channel = ManagedChannelBuilder.forTarget(SCHEME + ":///sample")
			.defaultServiceConfig(SERVICE_CONFIG)
			.usePlaintext()
			.build();
		Traffic traffic = new Traffic(channel);
		// What b tells every watching client, to show when b's helloworld.Greeter turned
		// NOT_SERVING.
		WatchRecorder bGreeter = WatchRecorder.watch(b.channel(), "helloworld.Greeter");
		try {
			traffic.start();
			await("every instance answers").atMost(MARGIN.multipliedBy(2))
				.until(() -> instances.stream().allMatch((instance) -> traffic.answeredBy(instance.id()) > 0));

			// Broken downstream: helloworld.Greeter turns NOT_SERVING on b, the client's
			// Watch sees it.
			long breaking = System.nanoTime();
			b.breakDownstream();
			// The indicator flips while the POST is handled: measure from its answer (the
			// first request to
			// a fresh instance's Spring MVC can take a second on a busy machine).
			long broken = System.nanoTime();
			long postMillis = (broken - breaking) / 1_000_000;
			await("no calls reach " + b.id()).atMost(REFRESH_INTERVAL.plus(MARGIN))
				.until(() -> traffic.repliesSinceLastFrom(b.id()) >= OUT_OF_ROTATION_STREAK);
			long lastToBroken = (traffic.lastReplyNanos(b.id()) - broken) / 1_000_000;
			long notServingAfter = (bGreeter.firstReceivedAfter(ServingStatus.NOT_SERVING, broken) - broken)
					/ 1_000_000;
			long answeredWhileBroken = traffic.answeredBy(b.id());

			long healed = System.nanoTime();
			b.healDownstream();
			await(b.id() + " back in rotation").atMost(REFRESH_INTERVAL.plus(MARGIN))
				.until(() -> traffic.answeredBy(b.id()) > answeredWhileBroken);
			long backAfter = (traffic.firstReplyAfterNanos(b.id(), healed) - healed) / 1_000_000;

			// SIGTERM mid-stream: c turns NOT_SERVING at once, drains, stops. No call may
			// fail.
			long sigterm = System.nanoTime();
			c.sigterm();
			await(c.id() + " out of rotation").atMost(MARGIN)
				.until(() -> traffic.repliesSinceLastFrom(c.id()) >= OUT_OF_ROTATION_STREAK);
			long lastToStopping = (traffic.lastReplyNanos(c.id()) - sigterm) / 1_000_000;
			boolean exited = c.process()
				.waitFor(DRAIN_DELAY.plus(MARGIN.multipliedBy(4)).toMillis(), TimeUnit.MILLISECONDS);
			assertThat(exited).as("%s exited; log:%n%s", c.id(), c.logTail()).isTrue();
			long exitedAfter = (System.nanoTime() - sigterm) / 1_000_000;
			long completedAtExit = traffic.completed();
			await("traffic goes on after " + c.id() + " exited").atMost(MARGIN)
				.until(() -> traffic.completed() >= completedAtExit + 200);
			traffic.stop();

			System.out.printf("[e2e] load balancing: %s broken (POST took %d ms) -> its helloworld.Greeter "
					+ "NOT_SERVING %d ms later, last call answered by it %d ms later; healed -> back in rotation "
					+ "after %d ms%n", b.id(), postMillis, notServingAfter, lastToBroken, backAfter);
			System.out.printf(
					"[e2e] load balancing: SIGTERM to %s -> last call answered by it %d ms later, "
							+ "process exited after %d ms with code %d%n",
					c.id(), lastToStopping, exitedAfter, c.process().exitValue());
			System.out.printf("[e2e] load balancing counts: sent %d, succeeded %d, failed %d, per instance %s%n",
					traffic.sent(), traffic.succeeded(), traffic.failed(), traffic.perInstance());

			assertThat(traffic.failures()).as("failed calls").isEmpty();
			assertThat(traffic.failed()).isZero();
			assertThat(traffic.succeeded()).isEqualTo(traffic.sent());
			assertThat(lastToBroken).as("ms from break to the last call %s answered", b.id())
				.isLessThanOrEqualTo(REFRESH_INTERVAL.plus(MARGIN).toMillis());
			assertThat(c.process().exitValue()).isEqualTo(143);
		}
		finally {
			bGreeter.close();
			traffic.stop();
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * A steady stream of SayHello calls, one every 5 ms, at most 64 in flight, each
	 * counted by the instance that answered it.
	 */
	static final class Traffic {

		private static final int MAX_IN_FLIGHT = 64;

		private final GreeterGrpc.GreeterStub greeter;

		private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

		private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

		private final AtomicLong sent = new AtomicLong();

		private final AtomicLong succeeded = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final AtomicLong completed = new AtomicLong();

		private final Map<String, AtomicLong> perInstance = new ConcurrentHashMap<>();

		private final Map<String, Long> lastSeenAt = new ConcurrentHashMap<>();

		private final Map<String, Long> lastSeenNanos = new ConcurrentHashMap<>();

		private final List<Long> replyNanos = new CopyOnWriteArrayList<>();

		private final List<String> replyInstances = new CopyOnWriteArrayList<>();

		private final List<Status> failures = new CopyOnWriteArrayList<>();

		private ScheduledFuture<?> schedule;

		Traffic(ManagedChannel channel) {
			this.greeter = GreeterGrpc.newStub(channel);
		}

		void start() {
			this.schedule = this.pacer.scheduleAtFixedRate(this::send, 0, 5, TimeUnit.MILLISECONDS);
		}

		private void send() {
			if (!this.inFlight.tryAcquire()) {
				return;
			}
			long number = this.sent.incrementAndGet();
			this.greeter.withDeadlineAfter(10, TimeUnit.SECONDS)
				.sayHello(HelloRequest.newBuilder().setName("call " + number).build(), new StreamObserver<>() {
					@Override
					public void onNext(HelloReply reply) {
						replied(reply.getInstance());
					}

					@Override
					public void onError(Throwable throwable) {
						Traffic.this.failures.add(Status.fromThrowable(throwable));
						Traffic.this.failed.incrementAndGet();
						Traffic.this.completed.incrementAndGet();
						Traffic.this.inFlight.release();
					}

					@Override
					public void onCompleted() {
						Traffic.this.inFlight.release();
					}
				});
		}

		private synchronized void replied(String instance) {
			long now = System.nanoTime();
			long sequence = this.completed.incrementAndGet();
			this.succeeded.incrementAndGet();
			this.perInstance.computeIfAbsent(instance, (key) -> new AtomicLong()).incrementAndGet();
			this.lastSeenAt.put(instance, sequence);
			this.lastSeenNanos.put(instance, now);
			this.replyNanos.add(now);
			this.replyInstances.add(instance);
		}

		/** Stops sending and waits for the calls in flight. */
		void stop() throws InterruptedException {
			if (this.schedule != null) {
				this.schedule.cancel(false);
			}
			this.pacer.shutdown();
			this.pacer.awaitTermination(5, TimeUnit.SECONDS);
			if (this.inFlight.tryAcquire(MAX_IN_FLIGHT, 15, TimeUnit.SECONDS)) {
				this.inFlight.release(MAX_IN_FLIGHT);
			}
		}

		long answeredBy(String instance) {
			AtomicLong count = this.perInstance.get(instance);
			return (count != null) ? count.get() : 0;
		}

		/**
		 * How many replies came from the other instances since this one last answered.
		 */
		synchronized long repliesSinceLastFrom(String instance) {
			Long last = this.lastSeenAt.get(instance);
			return this.completed.get() - ((last != null) ? last : 0);
		}

		long lastReplyNanos(String instance) {
			return this.lastSeenNanos.get(instance);
		}

		synchronized long firstReplyAfterNanos(String instance, long nanos) {
			for (int i = 0; i < this.replyNanos.size(); i++) {
				if (this.replyNanos.get(i) - nanos >= 0 && this.replyInstances.get(i).equals(instance)) {
					return this.replyNanos.get(i);
				}
			}
			throw new IllegalStateException("no reply from " + instance);
		}

		long sent() {
			return this.sent.get();
		}

		long succeeded() {
			return this.succeeded.get();
		}

		long failed() {
			return this.failed.get();
		}

		long completed() {
			return this.completed.get();
		}

		List<Status> failures() {
			return List.copyOf(this.failures);
		}

		Map<String, Long> perInstance() {
			Map<String, Long> counts = new TreeMap<>();
			this.perInstance.forEach((instance, count) -> counts.put(instance, count.get()));
			return counts;
		}

	}

	/**
	 * Gives the channel the three instances' addresses for the target
	 * {@code sample-instances:///...}.
	 */
	static final class StaticResolverProvider extends NameResolverProvider {

		private final List<EquivalentAddressGroup> addresses;

		StaticResolverProvider(List<InetSocketAddress> addresses) {
			this.addresses = addresses.stream().map(EquivalentAddressGroup::new).toList();
		}

		@Override
		public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
			if (!SCHEME.equals(targetUri.getScheme())) {
				return null;
			}
			return new NameResolver() {
				@Override
				public String getServiceAuthority() {
					return "sample";
				}

				@Override
				public void start(Listener2 listener) {
					listener.onResult(ResolutionResult.newBuilder()
						.setAddressesOrError(StatusOr.fromValue(StaticResolverProvider.this.addresses))
						.build());
				}

				@Override
				public void shutdown() {
				}
			};
		}

		@Override
		public String getDefaultScheme() {
			return SCHEME;
		}

		@Override
		protected boolean isAvailable() {
			return true;
		}

		@Override
		protected int priority() {
			return 5;
		}

	}

}
