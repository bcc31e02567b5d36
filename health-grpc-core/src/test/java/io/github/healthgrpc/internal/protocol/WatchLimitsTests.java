package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVING;
import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static io.github.healthgrpc.internal.protocol.HealthServerFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resources stay bounded whatever clients send: Watch streams on unknown names are capped
 * and very long names are never stored (PROTOCOL.md rule 11).
 */
class WatchLimitsTests {

	private static final String TOO_LONG_NAME = "n".repeat(HealthStatusTable.MAX_NAME_LENGTH + 1);

	private HealthServerFixture server = HealthServerFixture.inProcess(true,
			HealthGrpcService.DEFAULT_LIST_MAX_SERVICES, 3);

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@Test
	void theWatchThatExceedsTheCapOnUnknownNamesFailsWithResourceExhausted() {
		List<WatchRecorder> allowed = watchUnknownNames(3);

		Status rejected = this.server.watch("one-too-many").awaitEnd();

		assertThat(rejected.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(rejected.getDescription()).containsPattern("\\b3\\b");
		assertThat(allowed).allMatch(WatchRecorder::isOpen);
		assertThat(this.server.service().rejectedWatchesOverLimit()).isOne();
		assertThat(this.server.service().rejectedWatchesNameTooLong()).isZero();
	}

	@Test
	void cancellingAWatchOnAnUnknownNameFreesItsPlace() {
		List<WatchRecorder> allowed = watchUnknownNames(3);

		allowed.get(0).cancel();
		eventually().until(() -> this.server.table().subscriptions().onUnknownNames() == 2);

		this.server.watch("next").awaitStatuses(SERVICE_UNKNOWN);
	}

	@Test
	void watchesOnKnownNamesDoNotCount() {
		this.server.table().set("orders", ServingStatus.SERVING);
		watchUnknownNames(3);

		List<WatchRecorder> onKnownName = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			onKnownName.add(this.server.watch("orders").awaitStatuses(SERVING));
		}

		assertThat(onKnownName).allMatch(WatchRecorder::isOpen);
		assertThat(this.server.table().subscriptions().onUnknownNames()).isEqualTo(3);
	}

	@Test
	void whenAnUnknownNameBecomesKnownThenItsWatchersStopCounting() {
		List<WatchRecorder> watchers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			watchers.add(this.server.watch("orders").awaitStatuses(SERVICE_UNKNOWN));
		}

		this.server.table().set("orders", ServingStatus.SERVING);
		watchers.forEach((watcher) -> watcher.awaitStatuses(SERVICE_UNKNOWN, SERVING));

		this.server.watch("payments").awaitStatuses(SERVICE_UNKNOWN);
		assertThat(this.server.table().subscriptions().onUnknownNames()).isOne();
	}

	@Test
	void theDefaultCapIsOneThousand() throws InterruptedException {
		this.server.close();
		this.server = HealthServerFixture.inProcess();

		watchUnknownNames(HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES);

		assertThat(this.server.watch("one-too-many").awaitEnd().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
	}

	@Test
	void checkOfAVeryLongNameAnswersNotFound() {
		assertThat(failureOf(() -> this.server.check(TOO_LONG_NAME)).getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void watchOfAVeryLongNameFailsWithInvalidArgumentAndStoresNothing() {
		this.server.table().set("orders", ServingStatus.SERVING);

		Status rejected = this.server.watch(TOO_LONG_NAME).awaitEnd();

		assertThat(rejected.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(rejected.getDescription()).contains("1025").contains("1024");
		assertThat(this.server.service().rejectedWatchesNameTooLong()).isOne();
		assertThat(this.server.service().rejectedWatchesOverLimit()).isZero();
		assertThat(this.server.table().size()).isOne();
		this.server.assertNoWatchIsRemembered();
	}

	@Test
	void watchOfANameOfTheMaximumLengthIsServed() {
		String longestName = "n".repeat(HealthStatusTable.MAX_NAME_LENGTH);

		WatchRecorder watch = this.server.watch(longestName).awaitStatuses(SERVICE_UNKNOWN);

		assertThat(watch.isOpen()).isTrue();
	}

	/**
	 * Opens watches on as many distinct unknown names, each waited for until it is
	 * served.
	 */
	private List<WatchRecorder> watchUnknownNames(int count) {
		List<WatchRecorder> watches = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			watches.add(this.server.watch("unknown-" + i));
		}
		eventually().until(() -> watches.stream().allMatch(WatchRecorder::hasReceivedAny));
		assertThat(watches).allMatch(WatchRecorder::isOpen);
		return watches;
	}

}
