package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.engine.TestContributors.composite;
import static io.github.healthgrpc.internal.engine.TestContributors.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class HealthEngineTests {

	// The category transitions are logged under, as operators configure it.
	private static final String TRANSITIONS = "io.github.healthgrpc.internal.engine.TransitionLog";

	private final TestIndicator db = TestIndicator.up();

	private final TestIndicator primary = TestIndicator.up();

	private final TestIndicator secondary = TestIndicator.up();

	private final TestContributors contributors = new TestContributors(indicator("db", this.db),
			composite("stores", indicator("primary", this.primary), indicator("secondary", this.secondary)));

	private final List<String> grpcServices = new CopyOnWriteArrayList<>(List.of("helloworld.Greeter"));

	private final HealthEngine engine = HealthEngine.builder(this.contributors)
		.groups(HealthNameCatalogTests.PRIMARY, HealthNameCatalogTests.groups())
		.services(List.of(new ServiceMapping("acme.Echo", "grpc.health.services[acme.Echo]", Set.of("stores/primary"),
				Set.of(), null)))
		.grpcServiceNames(() -> this.grpcServices)
		.build();

	private final HealthStatusTable table = this.engine.statusTable();

	@AfterEach
	void close() {
		this.db.release();
		this.primary.release();
		this.secondary.release();
		this.engine.close();
	}

	@Test
	void aCyclePublishesEveryNameWithItsStatus() {
		this.secondary.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		assertThat(this.table.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("", ServingStatus.NOT_SERVING,
				"acme.Echo", ServingStatus.SERVING, "readiness", ServingStatus.SERVING, "db", ServingStatus.SERVING,
				"stores", ServingStatus.NOT_SERVING, "stores/primary", ServingStatus.SERVING, "stores/secondary",
				ServingStatus.NOT_SERVING, "helloworld.Greeter", ServingStatus.NOT_SERVING));
	}

	@Test
	void startRunsTheFirstCycleOnTheCallersThread() {
		this.engine.start(Duration.ofHours(1));
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.engine.isRunning()).isTrue();
	}

	@Test
	void eachIndicatorIsEvaluatedOncePerCycleHoweverManyNamesUseIt() {
		this.engine.refreshNow();
		this.engine.refreshNow();
		assertThat(this.db.calls()).isEqualTo(2);
		assertThat(this.primary.calls()).isEqualTo(2);
	}

	@Test
	void indicatorsNoNameNeedsAreNotEvaluated() {
		try (HealthEngine narrow = HealthEngine.builder(this.contributors)
			.overall(new ServiceMapping("", "grpc.health.overall", Set.of("db"), Set.of(), null), true)
			.indicators("grpc.health.indicators", Set.of("db"), Set.of())
			.build()) {
			narrow.refreshNow();
			assertThat(this.db.calls()).isEqualTo(1);
			assertThat(this.primary.calls()).isZero();
		}
	}

	@Test
	void changesArePublishedOnTheNextCycle() {
		this.engine.refreshNow();
		this.db.setStatus(StatusCodes.OUT_OF_SERVICE);
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
		this.engine.refreshNow();
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.table.get("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.table.get("acme.Echo")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void contributorsRemovedAtRunTimeAreCleared() {
		this.engine.refreshNow();
		this.contributors.remove("stores");
		this.engine.refreshNow();
		assertThat(this.table.snapshot()).doesNotContainKeys("stores", "stores/primary", "stores/secondary");
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void contributorsAddedAtRunTimeArePublished() {
		this.engine.refreshNow();
		this.contributors.add(indicator("redis", TestIndicator.down()));
		this.engine.refreshNow();
		assertThat(this.table.get("redis")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.table.get("")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void periodicCyclesFollowTheIndicators() {
		this.engine.start(Duration.ofMillis(20));
		this.db.setStatus(StatusCodes.DOWN);
		await().until(() -> this.table.get("db") == ServingStatus.NOT_SERVING);
		this.db.setStatus(StatusCodes.UP);
		await().until(() -> this.table.get("db") == ServingStatus.SERVING);
		this.engine.stop();
		assertThat(this.engine.isRunning()).isFalse();
	}

	@Test
	void aRequestedRefreshRunsInTheBackground() {
		this.engine.refreshNow();
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.requestRefresh();
		await().until(() -> this.table.get("db") == ServingStatus.NOT_SERVING);
	}

	@Test
	void aHungIndicatorIsDownForItsNamesOnlyWhileOthersUpdate() {
		try (HealthEngine fast = HealthEngine.builder(this.contributors)
			.indicatorTimeout(Duration.ofMillis(100))
			.build()) {
			HealthStatusTable table = fast.statusTable();
			this.secondary.block();
			fast.refreshNow();
			assertThat(table.get("stores/secondary")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(table.get("db")).isEqualTo(ServingStatus.SERVING);
			assertThat(fast.indicatorCallsInFlight()).isOne();
			this.db.setStatus(StatusCodes.DOWN);
			fast.refreshNow();
			assertThat(table.get("db")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(this.secondary.calls()).isEqualTo(1);
		}
	}

	@Test
	void theLastEvaluationTellsStatusesAndIndicatorResults() {
		this.db.setStatus(StatusCodes.DOWN);
		Evaluation evaluation = this.engine.refreshNow();
		assertThat(evaluation.names().get("db").statusCode()).isEqualTo(StatusCodes.DOWN);
		assertThat(evaluation.names().get("db").servingStatus()).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(evaluation.indicators().get("db").outcome()).isEqualTo(EvaluationOutcome.DOWN);
		assertThat(evaluation.reason(evaluation.names().get(""))).isEqualTo("db status DOWN");
		assertThat(this.engine.lastEvaluation()).isSameAs(evaluation);
		assertThat(evaluation.names()).containsKeys("", "db", "helloworld.Greeter");
	}

	@Test
	void evaluationListenersSeeEachCycleWithTheOneBefore() {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.engine.addEvaluationListener((previous, current) -> seen
			.add(previous.names().size() + "->" + current.names().get("db").servingStatus()));
		this.engine.refreshNow();
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		assertThat(seen).containsExactly("0->SERVING", "8->NOT_SERVING");
	}

	@Test
	void aFailingEvaluationListenerDoesNotStopPublishing() {
		this.engine.addEvaluationListener((previous, current) -> {
			throw new IllegalStateException("listener bug");
		});
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void grpcServicesAreReadAtEveryCycle() {
		this.engine.refreshNow();
		this.grpcServices.add("acme.Other");
		this.engine.refreshNow();
		assertThat(this.table.get("acme.Other")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void transitionsAreLoggedWithTheirReason() {
		try (CapturedLogs logs = CapturedLogs.of(TRANSITIONS)) {
			this.engine.refreshNow();
			this.db.failWith(new IllegalStateException("connection refused"));
			this.engine.refreshNow();
			assertThat(logs.lines()).contains(
					"INFO gRPC health 'db': SERVING -> NOT_SERVING (status DOWN; db IllegalStateException: connection refused)",
					"WARN Health contributor 'db' is failing, counted as DOWN: IllegalStateException: connection refused");
			this.db.setStatus(StatusCodes.UP);
			this.engine.refreshNow();
			assertThat(logs.lines()).contains("INFO gRPC health 'db': NOT_SERVING -> SERVING (status UP)",
					"INFO Health contributor 'db' answers again: UP");
			this.contributors.remove("db");
			this.engine.refreshNow();
			assertThat(logs.lines()).contains("INFO gRPC health 'db': removed, no longer published");
		}
	}

	@Test
	void enteringTerminalStateHidesEvaluationsUntilResume() {
		this.engine.refreshNow();
		this.engine.enterTerminalState();
		assertThat(this.engine.isTerminal()).isTrue();
		assertThat(this.table.snapshot())
			.allSatisfy((name, status) -> assertThat(status).isEqualTo(ServingStatus.NOT_SERVING));
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		assertThat(this.table.get("acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
		this.engine.resume();
		assertThat(this.engine.isTerminal()).isFalse();
		assertThat(this.table.get("acme.Echo")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void shutdownStopsCyclesTurnsEverythingNotServingAndCannotBeUndone() {
		this.engine.start(Duration.ofMillis(20));
		this.engine.shutdown(Duration.ZERO, true);
		assertThat(this.engine.isRunning()).isFalse();
		assertThat(this.engine.isTerminal()).isTrue();
		assertThat(this.table.snapshot()).isNotEmpty()
			.allSatisfy((name, status) -> assertThat(status).isEqualTo(ServingStatus.NOT_SERVING));
		assertThatIllegalStateException().isThrownBy(this.engine::resume).withMessageContaining("shutting down");
		assertThatIllegalStateException().isThrownBy(() -> this.engine.servingStatusManager().resume());
		assertThat(this.engine.isTerminal()).isTrue();
	}

	@Test
	void aListenerServiceAnswersFromTheSameTableCountsItsOwnWatchesAndIsCompletedAtShutdown() throws Exception {
		this.engine.refreshNow();
		HealthGrpcService listenerService = this.engine.newListenerService();
		String name = InProcessServerBuilder.generateName();
		Server server = InProcessServerBuilder.forName(name).addService(listenerService).build().start();
		ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
		try {
			List<HealthCheckResponse> received = new CopyOnWriteArrayList<>();
			CompletableFuture<Void> completed = new CompletableFuture<>();
			HealthGrpc.newStub(channel)
				.watch(HealthCheckRequest.newBuilder().setService("db").build(), new StreamObserver<>() {

					@Override
					public void onNext(HealthCheckResponse value) {
						received.add(value);
					}

					@Override
					public void onError(Throwable ex) {
						completed.completeExceptionally(ex);
					}

					@Override
					public void onCompleted() {
						completed.complete(null);
					}

				});
			await().until(() -> listenerService.openWatchCount() == 1);
			assertThat(this.engine.grpcService().openWatchCount()).isZero();
			assertThat(received).extracting(HealthCheckResponse::getStatus)
				.containsExactly(HealthCheckResponse.ServingStatus.SERVING);

			this.engine.shutdown(Duration.ZERO, true);
			completed.get(10, TimeUnit.SECONDS);
			assertThat(received).extracting(HealthCheckResponse::getStatus)
				.containsExactly(HealthCheckResponse.ServingStatus.SERVING,
						HealthCheckResponse.ServingStatus.NOT_SERVING);
		}
		finally {
			channel.shutdownNow();
			server.shutdownNow();
		}
	}

	@Test
	void aListenerServiceHasTheMainServicesSwitchesAndCaps() throws Exception {
		try (HealthEngine limited = HealthEngine.builder(this.contributors).serviceSettings(false, 1, 1).build()) {
			limited.refreshNow();
			String name = InProcessServerBuilder.generateName();
			Server server = InProcessServerBuilder.forName(name)
				.addService(limited.newListenerService())
				.build()
				.start();
			ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
			try {
				io.github.healthgrpc.canonical.v1.HealthGrpc.HealthBlockingStub client = io.github.healthgrpc.canonical.v1.HealthGrpc
					.newBlockingStub(channel)
					.withDeadlineAfter(10, TimeUnit.SECONDS);
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(
							() -> client.list(io.github.healthgrpc.canonical.v1.HealthListRequest.getDefaultInstance()))
					.extracting((ex) -> ex.getStatus().getCode())
					.isEqualTo(Status.Code.UNIMPLEMENTED);
				// One Watch on an unknown name is allowed, a second one is over the cap.
				Iterator<io.github.healthgrpc.canonical.v1.HealthCheckResponse> first = client
					.watch(io.github.healthgrpc.canonical.v1.HealthCheckRequest.newBuilder()
						.setService("unknown-1")
						.build());
				assertThat(first.next().getStatus())
					.isEqualTo(io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN);
				Iterator<io.github.healthgrpc.canonical.v1.HealthCheckResponse> second = client
					.watch(io.github.healthgrpc.canonical.v1.HealthCheckRequest.newBuilder()
						.setService("unknown-2")
						.build());
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(second::next)
					.extracting((ex) -> ex.getStatus().getCode())
					.isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			}
			finally {
				channel.shutdownNow();
				server.shutdownNow();
			}
		}
	}

	@Test
	void closeInterruptsHungIndicatorCalls() {
		try (HealthEngine fast = HealthEngine.builder(this.contributors)
			.indicatorTimeout(Duration.ofMillis(50))
			.build()) {
			this.secondary.block();
			fast.refreshNow();
			assertThat(fast.indicatorCallsInFlight()).isOne();
			fast.close();
			await().until(() -> fast.indicatorCallsInFlight() == 0);
		}
	}

	@Test
	void aConfiguredPathThatMatchesNothingFailsTheBuild() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HealthEngine.builder(this.contributors)
				.services(List.of(new ServiceMapping("acme.Echo", "grpc.health.services[acme.Echo]", Set.of("dbb"),
						Set.of(), null)))
				.build())
			.withMessageStartingWith("grpc.health.services[acme.Echo].include contains 'dbb'");
	}

	@Test
	void withoutValidationAPathRegisteredLaterIsFollowed() {
		try (HealthEngine lenient = HealthEngine.builder(this.contributors)
			.validateMembership(false)
			.services(List.of(new ServiceMapping("acme.Echo", "grpc.health.services[acme.Echo]", Set.of("redis"),
					Set.of(), null)))
			.build()) {
			lenient.refreshNow();
			assertThat(lenient.statusTable().get("acme.Echo")).isEqualTo(ServingStatus.UNKNOWN);
			this.contributors.add(indicator("redis", TestIndicator.up()));
			lenient.refreshNow();
			assertThat(lenient.statusTable().get("acme.Echo")).isEqualTo(ServingStatus.SERVING);
		}
	}

	@Test
	void servingStatusListenersHearEveryChange() {
		List<String> changes = new CopyOnWriteArrayList<>();
		try (HealthEngine listened = HealthEngine.builder(new TestContributors(indicator("db", this.db)))
			.listener((name, previous, current) -> changes.add(name + ":" + previous + "->" + current))
			.build()) {
			listened.refreshNow();
			this.db.setStatus(StatusCodes.DOWN);
			listened.refreshNow();
		}
		assertThat(changes).containsExactlyInAnyOrder(":null->SERVING", "db:null->SERVING", ":SERVING->NOT_SERVING",
				"db:SERVING->NOT_SERVING");
	}

	@Test
	void applicationNamesAreThoseTheApplicationSet() {
		this.engine.refreshNow();
		this.engine.servingStatusManager().setServingStatus("batch", ServingStatus.SERVING);
		assertThat(this.engine.applicationNames()).containsExactly("batch");
	}

	@Test
	void closeStopsThePeriodicCycles() {
		this.engine.start(Duration.ofHours(1));
		assertThat(this.engine.isRunning()).isTrue();
		this.engine.close();
		assertThat(this.engine.isRunning()).isFalse();
	}

	@Test
	void indicatorsAndCyclesRunOnNamedDaemonThreads() {
		List<Thread> indicatorThreads = new CopyOnWriteArrayList<>();
		List<Thread> cycleThreads = new CopyOnWriteArrayList<>();
		try (HealthEngine named = HealthEngine.builder(new TestContributors(indicator("db", () -> {
			indicatorThreads.add(Thread.currentThread());
			return StatusCodes.UP;
		}))).listener((name, previous, current) -> cycleThreads.add(Thread.currentThread())).build()) {
			named.requestRefresh();
			await().until(() -> !cycleThreads.isEmpty());
		}
		assertThat(indicatorThreads).singleElement().satisfies((thread) -> {
			assertThat(thread.getName()).isEqualTo("grpc-health-indicator-1");
			assertThat(thread.isDaemon()).isTrue();
		});
		assertThat(cycleThreads).allSatisfy((thread) -> {
			assertThat(thread.getName()).isEqualTo("grpc-health-refresh");
			assertThat(thread.isDaemon()).isTrue();
		});
	}

	@Test
	void onlyChangesAreLoggedAndNamesAppearingHealthyAreNot() {
		try (CapturedLogs logs = CapturedLogs.of(TRANSITIONS)) {
			this.secondary.failWith(new IllegalStateException("refused"));
			this.engine.refreshNow();
			assertThat(logs.lines())
				.anyMatch((line) -> line.startsWith("INFO gRPC health 'stores/secondary': (new) -> NOT_SERVING"))
				.contains("WARN Health contributor 'stores/secondary' is failing, counted as DOWN: "
						+ "IllegalStateException: refused")
				.noneMatch((line) -> line.startsWith("INFO gRPC health 'db'"));
			int lines = logs.lines().size();
			this.engine.refreshNow();
			assertThat(logs.lines()).as("an unchanged cycle").hasSize(lines);
		}
	}

}
