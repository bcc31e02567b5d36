package io.github.healthgrpc.internal.protocol;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.healthgrpc.ServingStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.ServingStatus.SERVING;
import static io.github.healthgrpc.ServingStatus.UNKNOWN;
import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry of watchers on its own and under concurrent changes: what each subscriber
 * sees, what cancelling frees, and what the registry keeps when watchers leave.
 */
class SubscriptionsTests {

	// Every change moves one step along this cycle, so that a subscriber's sequence shows
	// a missed change, a repeat or a reordering as a step that is not the next one.
	private static final List<@Nullable ServingStatus> CYCLE = Collections
		.unmodifiableList(java.util.Arrays.asList(SERVING, NOT_SERVING, UNKNOWN, null));

	private static final int CHANGES = 20_000;

	private final Map<String, ServingStatus> statuses = new ConcurrentHashMap<>();

	private final Subscriptions subscriptions = new Subscriptions(this.statuses);

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	private final ListenerFailures failures = ListenerFailures.capture();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.failures.close();
		this.threads.shutdownNow();
		assertThat(this.threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void publishWritesTheStatusesAndReturnsThePreviousOne() {
		assertThat(this.subscriptions.publish("orders", SERVING)).isNull();
		assertThat(this.subscriptions.publish("orders", NOT_SERVING)).isEqualTo(SERVING);
		assertThat(this.statuses).containsExactly(Map.entry("orders", NOT_SERVING));

		assertThat(this.subscriptions.publish("orders", null)).isEqualTo(NOT_SERVING);
		assertThat(this.subscriptions.publish("orders", null)).isNull();
		assertThat(this.statuses).isEmpty();
	}

	@Test
	void aSubscriberIsToldTheCurrentStatusThenEveryChangeUnderTheLock() {
		this.subscriptions.publish("orders", SERVING);
		List<@Nullable ServingStatus> seen = new ArrayList<>();
		List<Boolean> underTheLock = new ArrayList<>();

		this.subscriptions.subscribe("orders", (status) -> {
			seen.add(status);
			underTheLock.add(Thread.holdsLock(this.subscriptions.lock()));
		}, Integer.MAX_VALUE);
		this.subscriptions.publish("orders", SERVING);
		this.subscriptions.publish("payments", NOT_SERVING);
		this.subscriptions.publish("orders", NOT_SERVING);
		this.subscriptions.publish("orders", null);

		assertThat(seen).containsExactly(SERVING, NOT_SERVING, null);
		assertThat(underTheLock).containsOnly(true);
	}

	@Test
	void subscriptionsOnUnknownNamesFollowTheNamesAndAreCapped() {
		this.subscriptions.subscribe("orders", ignore(), 2);
		this.subscriptions.subscribe("orders", ignore(), 2);
		assertThat(this.subscriptions.onUnknownNames()).isEqualTo(2);
		assertThatThrownBy(() -> this.subscriptions.subscribe("payments", ignore(), 2))
			.isInstanceOf(WatchLimitExceededException.class);

		this.subscriptions.publish("orders", SERVING);
		assertThat(this.subscriptions.onUnknownNames()).isZero();
		this.subscriptions.subscribe("payments", ignore(), 2);
		this.subscriptions.publish("orders", NOT_SERVING);
		assertThat(this.subscriptions.onUnknownNames()).isOne();
		this.subscriptions.publish("orders", null);

		assertThat(this.subscriptions.onUnknownNames()).isEqualTo(3);
		assertThat(this.subscriptions.count()).isEqualTo(3);
		assertThat(this.subscriptions.nameCount()).isEqualTo(2);
	}

	@Test
	void aFailingSubscriberIsLoggedWithItsNameAndTheOthersAreStillTold() {
		List<@Nullable ServingStatus> seen = new ArrayList<>();
		this.subscriptions.subscribe("orders", (status) -> {
			if (status != null) {
				throw new IllegalStateException("broken watcher");
			}
		}, Integer.MAX_VALUE);
		this.subscriptions.subscribe("orders", seen::add, Integer.MAX_VALUE);

		this.subscriptions.publish("orders", SERVING);

		assertThat(seen).containsExactly(null, SERVING);
		assertThat(this.failures.failures()).containsExactly(
				"A gRPC health watcher failed on a change of 'orders': java.lang.IllegalStateException: broken watcher");
	}

	@Test
	void aSubscriberThatCancelsTheNextOneWhileBeingToldSkipsItAndTheWalkGoesOn() {
		List<Subscriptions.Subscription> made = new ArrayList<>();
		List<String> told = new ArrayList<>();
		made.add(this.subscriptions.subscribe("orders", (status) -> {
			told.add("first");
			if (status == SERVING) {
				made.get(1).cancel();
				made.get(2).cancel();
			}
		}, Integer.MAX_VALUE));
		made.add(this.subscriptions.subscribe("orders", (status) -> told.add("second"), Integer.MAX_VALUE));
		made.add(this.subscriptions.subscribe("orders", (status) -> told.add("third"), Integer.MAX_VALUE));
		made.add(this.subscriptions.subscribe("orders", (status) -> told.add("fourth"), Integer.MAX_VALUE));
		told.clear();

		this.subscriptions.publish("orders", SERVING);
		this.subscriptions.publish("orders", NOT_SERVING);

		assertThat(told).containsExactly("first", "fourth", "first", "fourth");
		assertThat(this.subscriptions.count()).isEqualTo(2);
	}

	@Test
	void aCancelledSubscriptionThatIsKeptHoldsNothingOfTheOthers() {
		Consumer<@Nullable ServingStatus> before = ignore();
		Consumer<@Nullable ServingStatus> after = ignore();
		WeakReference<Consumer<@Nullable ServingStatus>> beforeGone = new WeakReference<>(before);
		WeakReference<Consumer<@Nullable ServingStatus>> afterGone = new WeakReference<>(after);
		List<Subscriptions.Subscription> others = new ArrayList<>();
		others.add(this.subscriptions.subscribe("orders", before, Integer.MAX_VALUE));
		Subscriptions.Subscription kept = this.subscriptions.subscribe("orders", ignore(), Integer.MAX_VALUE);
		others.add(this.subscriptions.subscribe("orders", after, Integer.MAX_VALUE));
		// A change told first, so that a walk has been made and ended.
		this.subscriptions.publish("orders", SERVING);

		kept.cancel();
		others.forEach(Subscriptions.Subscription::cancel);
		others.clear();
		before = null;
		after = null;

		eventually().until(() -> {
			System.gc();
			return beforeGone.get() == null && afterGone.get() == null;
		});
		assertThat(kept).isNotNull();
		assertThat(this.subscriptions.nameCount()).isZero();
	}

	@RepeatedTest(10)
	void aSubscriberThatJoinsWhileChangesArePublishedSeesEachChangeFromItsFirstOnInOrder() throws Exception {
		HealthStatusTable table = new HealthStatusTable();
		List<List<@Nullable ServingStatus>> sequences = new ArrayList<>();
		CyclicBarrier start = new CyclicBarrier(4);
		AtomicBoolean writing = new AtomicBoolean(true);
		Future<?> writer = this.threads.submit(() -> {
			start.await();
			for (int i = 0; i < CHANGES; i++) {
				write(table, CYCLE.get(i % CYCLE.size()));
			}
			writing.set(false);
			return null;
		});
		List<Future<List<List<@Nullable ServingStatus>>>> joiners = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			// The first joiners race the making of the registry itself.
			joiners.add(this.threads.submit(() -> {
				start.await();
				List<List<@Nullable ServingStatus>> joined = new ArrayList<>();
				do {
					List<@Nullable ServingStatus> seen = Collections.synchronizedList(new ArrayList<>());
					table.subscribe("orders", seen::add, Integer.MAX_VALUE);
					joined.add(seen);
					// The next one joins a few changes later, so that joins spread over
					// the whole run.
					eventually().until(() -> !writing.get() || seen.size() >= 50);
				}
				while (writing.get());
				return joined;
			}));
		}
		writer.get(30, TimeUnit.SECONDS);
		for (Future<List<List<@Nullable ServingStatus>>> joiner : joiners) {
			sequences.addAll(joiner.get(30, TimeUnit.SECONDS));
		}

		@Nullable ServingStatus last = table.get("orders");
		assertThat(sequences).allSatisfy((seen) -> {
			assertThat(seen).isNotEmpty().last().isEqualTo(last);
			for (int i = 1; i < seen.size(); i++) {
				assertThat(seen.get(i)).as("status %d of %s", i, seen.size()).isEqualTo(next(seen.get(i - 1)));
			}
		});
		assertThat(table.subscriptions().count()).isEqualTo(sequences.size());
	}

	@RepeatedTest(5)
	void watchersThatComeAndGoDuringAFanOutLeaveNothingBehindAndTheOthersMissNothing() throws Exception {
		List<@Nullable ServingStatus> steady = Collections.synchronizedList(new ArrayList<>());
		this.subscriptions.subscribe("orders", steady::add, Integer.MAX_VALUE);
		this.subscriptions.subscribe("payments", ignore(), Integer.MAX_VALUE);
		CyclicBarrier start = new CyclicBarrier(4);
		AtomicBoolean writing = new AtomicBoolean(true);
		Future<?> writer = this.threads.submit(() -> {
			start.await();
			for (int i = 0; i < CHANGES; i++) {
				this.subscriptions.publish("orders", CYCLE.get(i % CYCLE.size()));
			}
			writing.set(false);
			return null;
		});
		List<Future<Integer>> churners = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String name = (i == 0) ? "search" : "orders";
			churners.add(this.threads.submit(() -> {
				start.await();
				int cycles = 0;
				do {
					List<Subscriptions.Subscription> mine = new ArrayList<>();
					for (int j = 0; j < 10; j++) {
						mine.add(this.subscriptions.subscribe(name, ignore(), Integer.MAX_VALUE));
					}
					// Some leave from inside a change, on the writer's thread.
					AtomicBoolean left = new AtomicBoolean();
					mine.add(this.subscriptions.subscribe(name, (status) -> {
						if (!left.getAndSet(true)) {
							mine.get(0).cancel();
						}
					}, Integer.MAX_VALUE));
					for (Subscriptions.Subscription subscription : mine) {
						subscription.cancel();
					}
					cycles++;
				}
				while (writing.get());
				return cycles;
			}));
		}
		writer.get(30, TimeUnit.SECONDS);
		for (Future<Integer> churner : churners) {
			assertThat(churner.get(30, TimeUnit.SECONDS)).isPositive();
		}

		assertThat(steady).hasSize(CHANGES + 1);
		for (int i = 1; i < steady.size(); i++) {
			assertThat(steady.get(i)).isEqualTo(next(steady.get(i - 1)));
		}
		assertThat(this.subscriptions.count()).isEqualTo(2);
		assertThat(this.subscriptions.nameCount()).isEqualTo(2);
		// "payments" is unknown; "orders" ended on the last status of the cycle, unknown.
		assertThat(this.subscriptions.onUnknownNames()).isEqualTo(2);
		assertThat(this.failures.failures()).isEmpty();
	}

	private static void write(HealthStatusTable table, @Nullable ServingStatus status) {
		if (status != null) {
			table.set("orders", status);
		}
		else {
			table.clear("orders");
		}
	}

	private static @Nullable ServingStatus next(@Nullable ServingStatus status) {
		return CYCLE.get((CYCLE.indexOf(status) + 1) % CYCLE.size());
	}

	// A new one each time (a lambda that captures nothing would be one shared instance).
	private static Consumer<@Nullable ServingStatus> ignore() {
		return new Consumer<>() {

			@Override
			public void accept(@Nullable ServingStatus status) {
			}

		};
	}

}
