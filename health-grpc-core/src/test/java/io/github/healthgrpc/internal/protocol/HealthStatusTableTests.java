package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.ServingStatus.SERVING;
import static io.github.healthgrpc.ServingStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The status table on its own: values, listeners, subscriptions, terminal state and
 * resume.
 */
class HealthStatusTableTests {

	private static final String LONGEST_NAME = "n".repeat(HealthStatusTable.MAX_NAME_LENGTH);

	private static final String TOO_LONG_NAME = LONGEST_NAME + "n";

	private final HealthStatusTable table = new HealthStatusTable();

	private final List<Change> changes = new ArrayList<>();

	@Test
	void setMakesAStatusVisible() {
		this.table.set("orders", SERVING);

		assertThat(this.table.get("orders")).isEqualTo(SERVING);
		assertThat(this.table.size()).isOne();
	}

	@Test
	void toStringShowsTheVisibleStatuses() {
		this.table.set("orders", SERVING);
		this.table.set("payments", UNKNOWN);

		assertThat(this.table).hasToString("HealthStatusTable{orders=SERVING, payments=UNKNOWN}");
	}

	@Test
	void setReplacesTheStatusOfAKnownName() {
		this.table.set("orders", SERVING);
		this.table.set("orders", UNKNOWN);

		assertThat(this.table.get("orders")).isEqualTo(UNKNOWN);
	}

	@Test
	void getOfAnUnknownNameIsNull() {
		this.table.set("orders", SERVING);

		assertThat(this.table.get("payments")).isNull();
	}

	@Test
	void clearForgetsAKnownNameAndSaysSo() {
		this.table.set("orders", SERVING);

		assertThat(this.table.clear("orders")).isTrue();
		assertThat(this.table.get("orders")).isNull();
		assertThat(this.table.size()).isZero();
		assertThat(this.table.clear("orders")).isFalse();
	}

	@Test
	void snapshotHoldsEveryVisibleNameSortedByName() {
		this.table.set("payments", NOT_SERVING);
		this.table.set("", SERVING);
		this.table.set("orders", UNKNOWN);

		assertThat(this.table.snapshot()).containsExactly(entry("", SERVING), entry("orders", UNKNOWN),
				entry("payments", NOT_SERVING));
	}

	@Test
	void snapshotIsAnUnmodifiableCopy() {
		this.table.set("orders", SERVING);
		Map<String, ServingStatus> snapshot = this.table.snapshot();

		this.table.set("orders", NOT_SERVING);
		this.table.set("payments", SERVING);

		assertThat(snapshot).containsExactly(entry("orders", SERVING));
		assertThatThrownBy(() -> snapshot.put("x", SERVING)).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void listenersAreToldTheOldAndTheNewStatus() {
		this.table.addListener(this::record);

		this.table.set("orders", SERVING);
		this.table.set("orders", NOT_SERVING);
		this.table.clear("orders");

		assertThat(this.changes).containsExactly(new Change("orders", null, SERVING),
				new Change("orders", SERVING, NOT_SERVING), new Change("orders", NOT_SERVING, null));
	}

	@Test
	void aListenerAddedToldOfCurrentStatusesHearsEachVisibleNameOnceThenEveryChange() {
		this.table.set("payments", NOT_SERVING);
		this.table.set("orders", SERVING);
		this.table.addListenerToldOfCurrentStatuses(this::record);

		this.table.set("orders", NOT_SERVING);

		assertThat(this.changes).containsExactly(new Change("orders", null, SERVING),
				new Change("payments", null, NOT_SERVING), new Change("orders", SERVING, NOT_SERVING));
	}

	@Test
	void aListenerThatFailsOnACurrentStatusIsStillAddedAndToldOfTheOthers() {
		this.table.set("orders", SERVING);
		this.table.set("payments", SERVING);
		try (ListenerFailures failures = ListenerFailures.capture()) {
			this.table.addListenerToldOfCurrentStatuses((name, previous, current) -> {
				record(name, previous, current);
				if (name.equals("orders")) {
					throw new IllegalStateException("listener failed");
				}
			});

			this.table.set("payments", NOT_SERVING);

			assertThat(this.changes).containsExactly(new Change("orders", null, SERVING),
					new Change("payments", null, SERVING), new Change("payments", SERVING, NOT_SERVING));
			assertThat(failures.failures()).containsExactly(
					"A gRPC health listener failed on a change of 'orders': java.lang.IllegalStateException: listener failed");
		}
	}

	@Test
	void aFailingListenerIsLoggedWithTheNameOfTheChange() {
		this.table.addListener((name, previous, current) -> {
			throw new IllegalStateException("listener failed");
		});

		try (ListenerFailures failures = ListenerFailures.capture()) {
			this.table.set("orders", SERVING);

			assertThat(failures.failures()).containsExactly(
					"A gRPC health listener failed on a change of 'orders': java.lang.IllegalStateException: listener failed");
		}
	}

	@Test
	void writesBeforeTheFirstSubscriptionAreSeenByIt() {
		this.table.set("orders", SERVING);
		this.table.set("payments", NOT_SERVING);
		this.table.clear("payments");
		List<ServingStatus> ordersSeen = new ArrayList<>();
		List<ServingStatus> paymentsSeen = new ArrayList<>();

		this.table.subscribe("orders", ordersSeen::add, Integer.MAX_VALUE);
		this.table.subscribe("payments", paymentsSeen::add, Integer.MAX_VALUE);
		this.table.set("payments", SERVING);

		assertThat(ordersSeen).containsExactly(SERVING);
		assertThat(paymentsSeen).containsExactly(null, SERVING);
		assertThat(this.table.subscriptions()).isSameAs(this.table.subscriptions());
		assertThat(this.table.snapshot()).containsExactly(entry("orders", SERVING), entry("payments", SERVING));
	}

	@Test
	void listenersAreNotToldWhenNothingChanges() {
		this.table.set("orders", SERVING);
		this.table.addListener(this::record);

		this.table.set("orders", SERVING);
		this.table.clear("payments");

		assertThat(this.changes).isEmpty();
	}

	@Test
	void aRemovedListenerIsNotToldAnyMore() {
		ServingStatusListener listener = this::record;
		this.table.addListener(listener);
		this.table.removeListener(listener);

		this.table.set("orders", SERVING);

		assertThat(this.changes).isEmpty();
	}

	@Test
	void removingAListenerRemovesThatOneOnceAndKeepsTheOthersInOrder() {
		List<String> heard = new ArrayList<>();
		ServingStatusListener first = (name, previous, current) -> heard.add("first");
		ServingStatusListener second = (name, previous, current) -> heard.add("second");
		ServingStatusListener third = (name, previous, current) -> heard.add("third");
		this.table.addListener(first);
		this.table.addListener(second);
		this.table.addListener(third);
		this.table.addListener(second);

		this.table.removeListener(second);
		this.table.removeListener((name, previous, current) -> heard.add("never added"));
		this.table.set("orders", SERVING);

		assertThat(heard).containsExactly("first", "third", "second");
	}

	@Test
	void onlyAVisibleNameEntersMaintenanceAndOnlyANameInMaintenanceLeavesIt() {
		this.table.set("orders", SERVING);

		assertThat(this.table.enterMaintenance("payments")).isFalse();
		assertThat(this.table.enterMaintenance("orders")).isTrue();
		assertThat(this.table.enterMaintenance("orders")).isTrue();
		assertThat(this.table.maintenanceNames()).containsExactly("orders");
		assertThat(this.table.get("orders")).isEqualTo(NOT_SERVING);

		assertThat(this.table.exitMaintenance("orders")).isTrue();
		assertThat(this.table.exitMaintenance("orders")).isFalse();
		assertThat(this.table.get("orders")).isEqualTo(SERVING);
	}

	@Test
	void aNameOfTheMaximumLengthIsAccepted() {
		this.table.set(LONGEST_NAME, SERVING);

		assertThat(this.table.get(LONGEST_NAME)).isEqualTo(SERVING);
	}

	@Test
	void aLongerNameIsRejectedAndNotStored() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.set(TOO_LONG_NAME, SERVING))
			.withMessageContaining("1024");
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.subscribe(TOO_LONG_NAME, (status) -> {
		}, Integer.MAX_VALUE));

		assertThat(this.table.size()).isZero();
		assertThat(this.table.actualSnapshot()).isEmpty();
		assertThat(this.table.subscriptions().count()).isZero();
	}

	@Test
	void aSubscriberGetsTheCurrentStatusAtOnceThenEveryChangeOfItsName() {
		this.table.set("orders", SERVING);
		List<ServingStatus> seen = new ArrayList<>();

		this.table.subscribe("orders", seen::add, Integer.MAX_VALUE);
		this.table.set("payments", NOT_SERVING);
		this.table.set("orders", SERVING);
		this.table.set("orders", NOT_SERVING);
		this.table.clear("orders");

		assertThat(seen).containsExactly(SERVING, NOT_SERVING, null);
	}

	@Test
	void aSubscriberOfAnUnknownNameGetsNullUntilTheNameIsKnown() {
		List<ServingStatus> seen = new ArrayList<>();

		this.table.subscribe("orders", seen::add, Integer.MAX_VALUE);
		this.table.set("orders", UNKNOWN);

		assertThat(seen).containsExactly(null, UNKNOWN);
	}

	@Test
	void aCancelledSubscriptionIsForgottenAtOnce() {
		this.table.set("orders", SERVING);
		List<ServingStatus> seen = new ArrayList<>();
		Subscriptions.Subscription known = this.table.subscribe("orders", seen::add, Integer.MAX_VALUE);
		Subscriptions.Subscription unknown = this.table.subscribe("payments", seen::add, Integer.MAX_VALUE);

		known.cancel();
		unknown.cancel();
		known.cancel();
		this.table.set("orders", NOT_SERVING);
		this.table.set("payments", SERVING);

		assertThat(seen).containsExactly(SERVING, null);
		assertThat(this.table.subscriptions().count()).isZero();
		assertThat(this.table.subscriptions().nameCount()).isZero();
		assertThat(this.table.subscriptions().onUnknownNames()).isZero();
	}

	@Test
	void aSubscriptionCancelledWhileAChangeIsBeingToldIsSkippedAndTheOthersAreStillTold() {
		this.table.set("orders", SERVING);
		AtomicReference<Subscriptions.Subscription> second = new AtomicReference<>();
		List<ServingStatus> secondSeen = new ArrayList<>();
		List<ServingStatus> thirdSeen = new ArrayList<>();
		this.table.subscribe("orders", (status) -> {
			if (status == NOT_SERVING) {
				second.get().cancel();
			}
		}, Integer.MAX_VALUE);
		second.set(this.table.subscribe("orders", secondSeen::add, Integer.MAX_VALUE));
		this.table.subscribe("orders", thirdSeen::add, Integer.MAX_VALUE);

		this.table.set("orders", NOT_SERVING);

		assertThat(secondSeen).containsExactly(SERVING);
		assertThat(thirdSeen).containsExactly(SERVING, NOT_SERVING);
		assertThat(this.table.subscriptions().count()).isEqualTo(2);
	}

	@Test
	void aSubscriberThatCancelsItselfAndTheLastOneWhileBeingToldLeavesTheOthersTold() {
		this.table.set("orders", SERVING);
		AtomicReference<Subscriptions.Subscription> first = new AtomicReference<>();
		AtomicReference<Subscriptions.Subscription> last = new AtomicReference<>();
		List<ServingStatus> middleSeen = new ArrayList<>();
		List<ServingStatus> lastSeen = new ArrayList<>();
		first.set(this.table.subscribe("orders", (status) -> {
			if (status == NOT_SERVING) {
				first.get().cancel();
				last.get().cancel();
			}
		}, Integer.MAX_VALUE));
		this.table.subscribe("orders", middleSeen::add, Integer.MAX_VALUE);
		last.set(this.table.subscribe("orders", lastSeen::add, Integer.MAX_VALUE));

		this.table.set("orders", NOT_SERVING);
		List<ServingStatus> newcomerSeen = new ArrayList<>();
		this.table.subscribe("orders", newcomerSeen::add, Integer.MAX_VALUE);
		this.table.set("orders", SERVING);

		assertThat(middleSeen).containsExactly(SERVING, NOT_SERVING, SERVING);
		assertThat(lastSeen).containsExactly(SERVING);
		assertThat(newcomerSeen).containsExactly(NOT_SERVING, SERVING);
		assertThat(this.table.subscriptions().count()).isEqualTo(2);
	}

	@Test
	void aSubscriptionMadeWhileAChangeIsBeingToldGetsTheNewStatusOnce() {
		this.table.set("orders", SERVING);
		List<ServingStatus> newcomerSeen = new ArrayList<>();
		this.table.subscribe("orders", (status) -> {
			if (status == NOT_SERVING && newcomerSeen.isEmpty()) {
				this.table.subscribe("orders", newcomerSeen::add, Integer.MAX_VALUE);
			}
		}, Integer.MAX_VALUE);

		this.table.set("orders", NOT_SERVING);

		assertThat(newcomerSeen).containsExactly(NOT_SERVING);
		assertThat(this.table.subscriptions().count()).isEqualTo(2);
	}

	@Test
	void aNameWhoseSubscriptionsWereAllCancelledCanBeSubscribedAgain() {
		this.table.set("orders", SERVING);
		List<ServingStatus> firstSeen = new ArrayList<>();
		List<ServingStatus> secondSeen = new ArrayList<>();
		Subscriptions.Subscription first = this.table.subscribe("orders", firstSeen::add, Integer.MAX_VALUE);
		Subscriptions.Subscription second = this.table.subscribe("orders", secondSeen::add, Integer.MAX_VALUE);
		second.cancel();
		first.cancel();
		assertThat(this.table.subscriptions().nameCount()).isZero();

		List<ServingStatus> againSeen = new ArrayList<>();
		this.table.subscribe("orders", againSeen::add, Integer.MAX_VALUE);
		this.table.set("orders", NOT_SERVING);

		assertThat(firstSeen).containsExactly(SERVING);
		assertThat(secondSeen).containsExactly(SERVING);
		assertThat(againSeen).containsExactly(SERVING, NOT_SERVING);
	}

	@Test
	void aThrowingSubscriberDoesNotStopTheOthers() {
		this.table.set("orders", SERVING);
		List<ServingStatus> seen = new ArrayList<>();
		this.table.subscribe("orders", (status) -> {
			if (status == NOT_SERVING) {
				throw new IllegalStateException("broken subscriber");
			}
		}, Integer.MAX_VALUE);
		this.table.subscribe("orders", seen::add, Integer.MAX_VALUE);
		this.table.addListener(this::record);

		this.table.set("orders", NOT_SERVING);

		assertThat(seen).containsExactly(SERVING, NOT_SERVING);
		assertThat(this.changes).containsExactly(new Change("orders", SERVING, NOT_SERVING));
	}

	@Test
	void subscriptionsOnUnknownNamesAreCounted() {
		this.table.set("orders", SERVING);
		this.table.subscribe("orders", (status) -> {
		}, Integer.MAX_VALUE);
		this.table.subscribe("payments", (status) -> {
		}, Integer.MAX_VALUE);
		this.table.subscribe("payments", (status) -> {
		}, Integer.MAX_VALUE);

		assertThat(this.table.subscriptions().count()).isEqualTo(3);
		assertThat(this.table.subscriptions().nameCount()).isEqualTo(2);
		assertThat(this.table.subscriptions().onUnknownNames()).isEqualTo(2);

		this.table.set("payments", SERVING);
		this.table.clear("orders");

		assertThat(this.table.subscriptions().onUnknownNames()).isOne();
	}

	@Test
	void subscriptionsOnUnknownNamesBeyondTheCapAreRefused() {
		this.table.subscribe("a", (status) -> {
		}, 2);
		this.table.subscribe("b", (status) -> {
		}, 2);

		assertThatThrownBy(() -> this.table.subscribe("c", (status) -> {
		}, 2)).isInstanceOfSatisfying(WatchLimitExceededException.class,
				(ex) -> assertThat(ex.getLimit()).isEqualTo(2));
		assertThat(this.table.subscriptions().count()).isEqualTo(2);
	}

	@Test
	void enteringTerminalStateTurnsEveryNameNotServing() {
		this.table.set("", SERVING);
		this.table.set("orders", UNKNOWN);
		this.table.set("payments", NOT_SERVING);

		this.table.enterTerminalState();

		assertThat(this.table.isTerminal()).isTrue();
		assertThat(this.table.snapshot()).containsExactly(entry("", NOT_SERVING), entry("orders", NOT_SERVING),
				entry("payments", NOT_SERVING));
	}

	@Test
	void enteringTerminalStateTellsListenersAndSubscribersOfEveryChange() {
		this.table.set("orders", SERVING);
		this.table.set("payments", NOT_SERVING);
		List<ServingStatus> seen = new ArrayList<>();
		this.table.subscribe("orders", seen::add, Integer.MAX_VALUE);
		this.table.addListener(this::record);

		this.table.enterTerminalState();
		this.table.enterTerminalState();

		assertThat(seen).containsExactly(SERVING, NOT_SERVING);
		assertThat(this.changes).containsExactly(new Change("orders", SERVING, NOT_SERVING));
	}

	@Test
	void writesInTerminalStateAreIgnoredButRecorded() {
		this.table.set("orders", NOT_SERVING);
		this.table.set("payments", SERVING);
		this.table.enterTerminalState();
		this.table.addListener(this::record);

		this.table.set("orders", SERVING);
		this.table.set("search", SERVING);
		this.table.clear("payments");

		assertThat(this.table.snapshot()).containsExactly(entry("orders", NOT_SERVING), entry("payments", NOT_SERVING));
		assertThat(this.changes).isEmpty();
		assertThat(this.table.actualSnapshot()).containsExactly(entry("orders", SERVING), entry("search", SERVING));
	}

	@Test
	void resumeRestoresTheActualStatusesNotBlanketServing() {
		this.table.set("orders", SERVING);
		this.table.set("payments", NOT_SERVING);
		this.table.set("search", UNKNOWN);
		this.table.enterTerminalState();

		this.table.resume();

		assertThat(this.table.isTerminal()).isFalse();
		assertThat(this.table.snapshot()).containsExactly(entry("orders", SERVING), entry("payments", NOT_SERVING),
				entry("search", UNKNOWN));
	}

	@Test
	void resumeRestoresWhatWasWrittenAndRemovedDuringTerminalState() {
		this.table.set("orders", SERVING);
		this.table.set("payments", SERVING);
		this.table.enterTerminalState();
		this.table.set("orders", UNKNOWN);
		this.table.clear("payments");
		this.table.set("search", SERVING);

		this.table.resume();

		assertThat(this.table.snapshot()).containsExactly(entry("orders", UNKNOWN), entry("search", SERVING));
	}

	@Test
	void resumeTellsSubscribersTheRestoredStatuses() {
		this.table.set("orders", SERVING);
		this.table.set("payments", SERVING);
		List<ServingStatus> ordersSeen = new ArrayList<>();
		List<ServingStatus> paymentsSeen = new ArrayList<>();
		List<ServingStatus> searchSeen = new ArrayList<>();
		this.table.subscribe("orders", ordersSeen::add, Integer.MAX_VALUE);
		this.table.subscribe("payments", paymentsSeen::add, Integer.MAX_VALUE);
		this.table.subscribe("search", searchSeen::add, Integer.MAX_VALUE);
		this.table.enterTerminalState();
		this.table.clear("payments");
		this.table.set("search", UNKNOWN);

		this.table.resume();

		assertThat(ordersSeen).containsExactly(SERVING, NOT_SERVING, SERVING);
		assertThat(paymentsSeen).containsExactly(SERVING, NOT_SERVING, null);
		assertThat(searchSeen).containsExactly(null, UNKNOWN);
	}

	@Test
	void resumeOutsideTerminalStateChangesNothing() {
		this.table.set("orders", NOT_SERVING);
		this.table.addListener(this::record);

		this.table.resume();

		assertThat(this.table.snapshot()).containsExactly(entry("orders", NOT_SERVING));
		assertThat(this.changes).isEmpty();
	}

	private void record(String name, ServingStatus previous, ServingStatus current) {
		this.changes.add(new Change(name, previous, current));
	}

	private record Change(String name, ServingStatus previous, ServingStatus current) {
	}

	@Test
	void aThrowingListenerDoesNotStopTheOthersNorTerminalState() {
		HealthStatusTable table = new HealthStatusTable();
		table.set("a", ServingStatus.SERVING);
		table.set("b", ServingStatus.SERVING);
		java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
		table.addListener((name, previous, current) -> {
			throw new IllegalStateException("broken listener");
		});
		table.addListener((name, previous, current) -> heard.add(name + "=" + current));
		table.enterTerminalState();
		assertThat(table.snapshot()).containsOnly(java.util.Map.entry("a", ServingStatus.NOT_SERVING),
				java.util.Map.entry("b", ServingStatus.NOT_SERVING));
		assertThat(heard).containsExactlyInAnyOrder("a=NOT_SERVING", "b=NOT_SERVING");
	}

}
