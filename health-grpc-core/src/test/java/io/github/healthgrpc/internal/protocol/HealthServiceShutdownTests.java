package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import java.util.List;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.UNKNOWN;
import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The protocol's part of shutdown (PROTOCOL.md rules 16 and 17): terminal state reaches
 * every client, {@link HealthGrpcService#completeWatches()} ends open Watch streams so
 * that they do not hold up a graceful shutdown, and both can be undone.
 */
class HealthServiceShutdownTests {

	private final HealthServerFixture server = HealthServerFixture.inProcess();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@Test
	void whenTheTableEntersTerminalStateThenWatchCheckAndListSayNotServing() {
		this.server.table().set("", ServingStatus.SERVING);
		this.server.table().set("orders", ServingStatus.UNKNOWN);
		WatchRecorder whole = this.server.watch("").awaitStatuses(SERVING);
		WatchRecorder orders = this.server.watch("orders").awaitStatuses(UNKNOWN);

		this.server.table().enterTerminalState();

		whole.awaitStatuses(SERVING, NOT_SERVING);
		orders.awaitStatuses(UNKNOWN, NOT_SERVING);
		assertThat(this.server.check("")).isEqualTo(NOT_SERVING);
		assertThat(this.server.list()).containsOnly(entry("", NOT_SERVING), entry("orders", NOT_SERVING));
	}

	@Test
	void whenTheTableResumesThenClientsSeeTheRealStatusesAgain() {
		this.server.table().set("orders", ServingStatus.SERVING);
		this.server.table().set("payments", ServingStatus.SERVING);
		WatchRecorder orders = this.server.watch("orders").awaitStatuses(SERVING);
		this.server.table().enterTerminalState();
		orders.awaitStatuses(SERVING, NOT_SERVING);
		this.server.table().set("payments", ServingStatus.UNKNOWN);

		this.server.table().resume();

		orders.awaitStatuses(SERVING, NOT_SERVING, SERVING);
		assertThat(this.server.check("payments")).isEqualTo(UNKNOWN);
		assertThat(this.server.list()).containsOnly(entry("orders", SERVING), entry("payments", UNKNOWN));
	}

	@Test
	void completeWatchesEndsEveryOpenWatchWithOk() {
		this.server.table().set("orders", ServingStatus.SERVING);
		List<WatchRecorder> watches = List.of(this.server.watch("orders").awaitStatuses(SERVING),
				this.server.watch("payments").awaitStatuses(SERVICE_UNKNOWN));

		this.server.service().completeWatches();

		assertThat(watches).allSatisfy((watch) -> assertThat(watch.awaitEnd().getCode()).isEqualTo(Status.Code.OK));
		eventually().untilAsserted(this.server::assertNoWatchIsRemembered);
	}

	@Test
	void completeWatchesFirstSendsTheStatusStillWaitingForASlowReader() {
		this.server.table().set("orders", ServingStatus.SERVING);
		WatchRecorder reader = this.server.watchWithoutReading("orders");
		eventually().until(() -> this.server.service().openWatchCount() == 1);
		this.server.table().enterTerminalState();

		this.server.service().completeWatches();
		reader.request(10);

		assertThat(reader.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
		assertThat(reader.statuses()).containsExactly(NOT_SERVING);
	}

	@Test
	void aWatchOpenedAfterCompleteWatchesGetsItsFirstMessageThenEnds() {
		this.server.table().set("orders", ServingStatus.NOT_SERVING);
		this.server.service().completeWatches();

		WatchRecorder watch = this.server.watch("orders");

		assertThat(watch.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
		assertThat(watch.statuses()).containsExactly(NOT_SERVING);
	}

}
