package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVING;
import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * With direct executors (usual in in-process tests of applications) grpc runs a client's
 * cancellation on the thread that sends it a status, while that thread holds the table's
 * lock: the table must tolerate a watch that goes away in the middle of being told a
 * change (PROTOCOL.md rule 10).
 */
class WatchCancelledOnTheSendingThreadTests {

	private final HealthServerFixture server = HealthServerFixture.inProcessOnCallingThreads();

	// The table logs and swallows what a watcher throws, so that is where a throw shows.
	private final ListenerFailures failures = ListenerFailures.capture();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.failures.close();
		this.server.close();
	}

	@Test
	void aWatchCancelledWhileBeingToldAChangeNeitherMakesTheChangeThrowNorHidesItFromOthers() {
		this.server.table().set("orders", ServingStatus.SERVING);
		WatchRecorder quitter = this.server.watch("orders").cancelOnReceiving(NOT_SERVING).awaitStatuses(SERVING);
		WatchRecorder stayer = this.server.watch("orders").awaitStatuses(SERVING);

		assertThatNoException().isThrownBy(() -> this.server.table().set("orders", ServingStatus.NOT_SERVING));

		stayer.awaitStatuses(SERVING, NOT_SERVING);
		assertThat(quitter.awaitEnd().getCode()).isEqualTo(Status.Code.CANCELLED);
		eventually().until(() -> this.server.table().subscriptions().count() == 1);
		this.server.table().set("orders", ServingStatus.SERVING);
		stayer.awaitStatuses(SERVING, NOT_SERVING, SERVING);
		assertThat(this.failures.failures()).as("watchers that failed on a change").isEmpty();
	}

}
