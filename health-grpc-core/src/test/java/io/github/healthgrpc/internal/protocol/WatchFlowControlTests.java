package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVING;
import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow reader never makes the server buffer without bound (PROTOCOL.md rule 9). The
 * in-process transport is ready for a message only while the client has asked for one, so
 * a reader that asks for nothing shows exactly what the server keeps for it. Over Netty,
 * the transport takes messages until its own buffer is full: what the reader receives on
 * catching up shows how much the server let it queue.
 */
class WatchFlowControlTests {

	private static final int FLIPS = 100_000;

	private final HealthServerFixture server = HealthServerFixture.inProcess();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@Test
	void aReaderThatCatchesUpAfterManyChangesReceivesOnlyTheNewestStatus() {
		this.server.table().set("orders", ServingStatus.UNKNOWN);
		WatchRecorder reader = this.server.watchWithoutReading("orders");
		eventually().until(() -> this.server.service().openWatchCount() == 1);
		for (int i = 1; i <= FLIPS; i++) {
			this.server.table().set("orders", (i % 2 == 0) ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
		}

		reader.request(10);
		reader.awaitLatest(SERVING);
		// Sent after the catch-up: it arrives next only if nothing older was still queued
		// for the reader.
		this.server.table().clear("orders");
		reader.awaitLatest(SERVICE_UNKNOWN);

		assertThat(reader.statuses()).as("initial status, maybe, then the newest, then the removal")
			.hasSizeLessThanOrEqualTo(3)
			.endsWith(SERVING, SERVICE_UNKNOWN);
	}

	@Test
	void overNettyAReaderThatCatchesUpReceivesAFewStatusesNotTheBacklog() throws InterruptedException {
		// 1 KiB in flight to the reader, about 150 statuses of 7 bytes: the rest of the
		// 10,000 changes wait in the server, where only the newest may be kept (the
		// transport's own default would queue 32 KiB, thousands of stale statuses).
		try (HealthServerFixture tcp = HealthServerFixture.overTcpWithClientWindow(1024)) {
			tcp.table().set("orders", ServingStatus.UNKNOWN);
			WatchRecorder reader = tcp.watchWithoutReading("orders");
			eventually().until(() -> tcp.service().openWatchCount() == 1);
			for (int i = 1; i <= 10_000; i++) {
				tcp.table().set("orders", (i % 2 == 0) ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
			}

			reader.request(Integer.MAX_VALUE);
			reader.awaitLatest(SERVING);
			tcp.table().clear("orders");
			reader.awaitLatest(SERVICE_UNKNOWN);

			assertThat(reader.statuses()).as("statuses received after catching up").hasSizeLessThan(1_000);
		}
	}

}
