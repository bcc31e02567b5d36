package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.UNKNOWN;
import static io.github.healthgrpc.internal.protocol.HealthServerFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watch (PROTOCOL.md rules 5 to 8). A reader may be sent only the newest of several quick
 * changes (rule 9), so each test waits for one status before it makes the next change.
 * Where a test shows that something was <em>not</em> sent, it makes one more change
 * afterwards and checks the whole sequence once that has arrived: messages on a stream
 * keep their order.
 */
class HealthWatchTests {

	private final HealthServerFixture server = HealthServerFixture.inProcess();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@Test
	void theFirstMessageIsTheCurrentStatus() {
		this.server.table().set("orders", ServingStatus.NOT_SERVING);

		this.server.watch("orders").awaitStatuses(NOT_SERVING);
	}

	@Test
	void anUnknownServiceIsFirstSentServiceUnknownAndTheStreamStaysOpen() {
		WatchRecorder watch = this.server.watch("orders").awaitStatuses(SERVICE_UNKNOWN);

		assertThat(watch.isOpen()).isTrue();
		assertThat(this.server.service().openWatchCount()).isOne();
	}

	@Test
	void whenAnUnknownServiceBecomesKnownThenItsStatusIsPushed() {
		WatchRecorder watch = this.server.watch("orders").awaitStatuses(SERVICE_UNKNOWN);

		this.server.table().set("orders", ServingStatus.SERVING);

		watch.awaitStatuses(SERVICE_UNKNOWN, SERVING);
	}

	@Test
	void everyChangeIsPushedToEveryWatcherOfTheService() {
		this.server.table().set("orders", ServingStatus.SERVING);
		WatchRecorder first = this.server.watch("orders").awaitStatuses(SERVING);
		WatchRecorder second = this.server.watch("orders").awaitStatuses(SERVING);

		this.server.table().set("orders", ServingStatus.NOT_SERVING);
		first.awaitStatuses(SERVING, NOT_SERVING);
		second.awaitStatuses(SERVING, NOT_SERVING);
		this.server.table().set("orders", ServingStatus.UNKNOWN);

		first.awaitStatuses(SERVING, NOT_SERVING, UNKNOWN);
		second.awaitStatuses(SERVING, NOT_SERVING, UNKNOWN);
	}

	@Test
	void aChangeToOneServiceIsNotSentToWatchersOfAnother() {
		this.server.table().set("orders", ServingStatus.SERVING);
		this.server.table().set("payments", ServingStatus.SERVING);
		WatchRecorder orders = this.server.watch("orders").awaitStatuses(SERVING);
		WatchRecorder payments = this.server.watch("payments").awaitStatuses(SERVING);

		this.server.table().set("orders", ServingStatus.UNKNOWN);
		orders.awaitStatuses(SERVING, UNKNOWN);
		this.server.table().set("payments", ServingStatus.NOT_SERVING);

		payments.awaitLatest(NOT_SERVING);
		assertThat(payments.statuses()).containsExactly(SERVING, NOT_SERVING);
	}

	@Test
	void settingTheStatusAServiceAlreadyHasSendsNothing() {
		this.server.table().set("orders", ServingStatus.SERVING);
		WatchRecorder watch = this.server.watch("orders").awaitStatuses(SERVING);

		this.server.table().set("orders", ServingStatus.SERVING);
		this.server.table().set("orders", ServingStatus.SERVING);
		this.server.table().set("orders", ServingStatus.NOT_SERVING);

		watch.awaitLatest(NOT_SERVING);
		assertThat(watch.statuses()).containsExactly(SERVING, NOT_SERVING);
	}

	@Test
	void aRemovedServiceSendsServiceUnknownKeepsTheStreamOpenAndCheckAnswersNotFound() {
		WatchRecorder watch = this.server.watch("orders").awaitStatuses(SERVICE_UNKNOWN);
		this.server.table().set("orders", ServingStatus.SERVING);
		watch.awaitStatuses(SERVICE_UNKNOWN, SERVING);

		this.server.table().clear("orders");

		watch.awaitStatuses(SERVICE_UNKNOWN, SERVING, SERVICE_UNKNOWN);
		assertThat(failureOf(() -> this.server.check("orders")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
		this.server.table().set("orders", ServingStatus.NOT_SERVING);
		watch.awaitStatuses(SERVICE_UNKNOWN, SERVING, SERVICE_UNKNOWN, NOT_SERVING);
		assertThat(watch.isOpen()).isTrue();
	}

}
