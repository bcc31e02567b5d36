package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cancelled or failed Watch is forgotten at once: no open watch, subscription or map
 * entry is left behind, and later status changes do not throw because of it (PROTOCOL.md
 * rule 10).
 */
class WatchCleanupTests {

	private static final int KNOWN_NAMES = 5;

	// Cancellations are processed asynchronously: a high cap keeps the unknown-name limit
	// out of the way.
	private final HealthServerFixture server = HealthServerFixture.inProcess(true,
			HealthGrpcService.DEFAULT_LIST_MAX_SERVICES, 100_000);

	private final ExecutorService writer = Executors.newSingleThreadExecutor();

	private final ListenerFailures failures = ListenerFailures.capture();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.failures.close();
		this.writer.shutdownNow();
		assertThat(this.writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		this.server.close();
	}

	@Test
	void tenThousandCancelledWatchesOnKnownAndUnknownNamesLeaveNothingBehind() throws Exception {
		for (int i = 0; i < KNOWN_NAMES; i++) {
			this.server.table().set("known-" + i, ServingStatus.SERVING);
		}
		AtomicBoolean writing = new AtomicBoolean(true);
		Future<?> flips = this.writer.submit(() -> flipKnownNamesWhile(writing));

		for (int batch = 0; batch < 100; batch++) {
			List<WatchRecorder> watches = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				String name = (i % 2 == 0) ? "known-" + (i % KNOWN_NAMES) : "unknown-" + batch + "-" + i;
				watches.add(this.server.watch(name));
			}
			eventually().until(() -> watches.stream().allMatch(WatchRecorder::hasReceivedAny));
			watches.forEach(WatchRecorder::cancel);
		}
		writing.set(false);
		flips.get(10, TimeUnit.SECONDS);

		eventually().untilAsserted(this.server::assertNoWatchIsRemembered);
		assertThat(this.failures.failures()).as("changes sent to cancelled watches that failed").isEmpty();
	}

	@Test
	void watchesCancelledWhileTheyAreBeingOpenedLeaveNothingBehind() {
		this.server.table().set("known", ServingStatus.SERVING);

		for (int i = 0; i < 2_000; i++) {
			this.server.watch((i % 2 == 0) ? "known" : "unknown-" + i).cancel();
		}

		eventually().untilAsserted(this.server::assertNoWatchIsRemembered);
	}

	@Test
	void whenTheClientsContextIsCancelledThenTheWatchIsForgotten() throws Exception {
		Context.CancellableContext context = Context.current().withCancellation();
		WatchRecorder watch = context.call(() -> this.server.watch("orders"));
		watch.awaitStatuses(SERVICE_UNKNOWN);

		context.cancel(null);

		eventually().untilAsserted(this.server::assertNoWatchIsRemembered);
	}

	@Test
	void whenTheConnectionFailsThenItsWatchesAreForgotten() {
		this.server.table().set("orders", ServingStatus.SERVING);
		List<WatchRecorder> watches = List.of(this.server.watch("orders"), this.server.watch("orders"),
				this.server.watch("payments"));
		eventually().until(() -> watches.stream().allMatch(WatchRecorder::hasReceivedAny));

		this.server.channel().shutdownNow();

		eventually().untilAsserted(this.server::assertNoWatchIsRemembered);
		this.server.table().set("orders", ServingStatus.NOT_SERVING);
		this.server.table().set("payments", ServingStatus.SERVING);
		assertThat(this.failures.failures()).as("later changes that failed").isEmpty();
	}

	private void flipKnownNamesWhile(AtomicBoolean writing) {
		for (int i = 0; writing.get(); i++) {
			this.server.table()
				.set("known-" + (i % KNOWN_NAMES), (i % 2 == 0) ? ServingStatus.NOT_SERVING : ServingStatus.SERVING);
		}
	}

}
