package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers race {@link HealthStatusTable#enterTerminalState()}: once terminal state
 * is entered, nothing may ever look SERVING again (PROTOCOL.md rule 16, the table's
 * part).
 */
class TerminalStateRaceTests {

	private static final int WRITERS = 8;

	private static final int WRITES_PER_WRITER = 4_000;

	private static final List<String> NAMES = List.of("", "orders", "payments", "search", "users");

	// Written by nobody but enterTerminalState(): its NOT_SERVING marks the terminal
	// transition.
	private static final String MARKER = "terminal-marker";

	private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);

	private final HealthServerFixture server = HealthServerFixture.inProcess();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.threads.shutdownNow();
		assertThat(this.threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		this.server.close();
	}

	@RepeatedTest(30)
	void afterTheRaceNoNameIsServing() throws Exception {
		HealthStatusTable table = new HealthStatusTable();

		race(table);

		assertThat(NAMES).allSatisfy((name) -> assertThat(table.get(name)).isNotEqualTo(ServingStatus.SERVING));
		assertThat(table.snapshot()).doesNotContainValue(ServingStatus.SERVING);
	}

	@RepeatedTest(30)
	void noListenerOrSubscriberSeesServingAfterTheTerminalNotServing() throws Exception {
		HealthStatusTable table = new HealthStatusTable();
		table.set(MARKER, ServingStatus.SERVING);
		Queue<Observation> observations = new ConcurrentLinkedQueue<>();
		table.addListener((name, previous, current) -> observations.add(new Observation("listener", name, current)));
		for (String name : NAMES) {
			table.subscribe(name, (status) -> observations.add(new Observation("subscriber", name, status)),
					Integer.MAX_VALUE);
		}

		race(table);

		List<Observation> inOrder = new ArrayList<>(observations);
		int terminal = inOrder.indexOf(new Observation("listener", MARKER, ServingStatus.NOT_SERVING));
		assertThat(terminal).as("the terminal transition was observed").isNotNegative();
		for (String name : NAMES) {
			assertThat(inOrder.subList(terminal, inOrder.size()))
				.filteredOn((observation) -> observation.name().equals(name))
				.as("what was seen of '%s' after the terminal transition", name)
				.extracting(Observation::status)
				.doesNotContain(ServingStatus.SERVING);
		}
	}

	@RepeatedTest(5)
	void everyWatcherEndsOnWhatTheTableShowsInTerminalState() throws Exception {
		Map<String, List<WatchRecorder>> watchers = new LinkedHashMap<>();
		for (String name : NAMES) {
			this.server.table().set(name, ServingStatus.SERVING);
			watchers.put(name, List.of(this.server.watch(name), this.server.watch(name)));
		}

		race(this.server.table());

		watchers.forEach((name, watchersOfName) -> {
			// A name cleared before the transition stays unknown; every other one is
			// NOT_SERVING.
			HealthCheckResponse.ServingStatus last = (this.server.table().get(name) != null) ? NOT_SERVING
					: SERVICE_UNKNOWN;
			watchersOfName.forEach((watcher) -> watcher.awaitLatest(last));
		});
	}

	/**
	 * Writers set and clear the names at random while, somewhere in the middle, another
	 * thread enters terminal state. Returns when all are done.
	 */
	private void race(HealthStatusTable table) throws Exception {
		CyclicBarrier start = new CyclicBarrier(WRITERS + 1);
		AtomicInteger writes = new AtomicInteger();
		int terminalAfter = ThreadLocalRandom.current().nextInt(WRITERS * WRITES_PER_WRITER / 2);
		List<Future<?>> tasks = new ArrayList<>();
		for (int i = 0; i < WRITERS; i++) {
			tasks.add(this.threads.submit(() -> {
				start.await();
				ThreadLocalRandom random = ThreadLocalRandom.current();
				for (int write = 0; write < WRITES_PER_WRITER; write++) {
					String name = NAMES.get(random.nextInt(NAMES.size()));
					switch (random.nextInt(5)) {
						case 0 -> table.clear(name);
						case 1, 2 -> table.set(name, ServingStatus.NOT_SERVING);
						default -> table.set(name, ServingStatus.SERVING);
					}
					writes.incrementAndGet();
				}
				return null;
			}));
		}
		tasks.add(this.threads.submit(() -> {
			start.await();
			while (writes.get() < terminalAfter) {
				Thread.onSpinWait();
			}
			table.enterTerminalState();
			return null;
		}));
		for (Future<?> task : tasks) {
			task.get(30, TimeUnit.SECONDS);
		}
	}

	private record Observation(String observer, String name, ServingStatus status) {
	}

}
