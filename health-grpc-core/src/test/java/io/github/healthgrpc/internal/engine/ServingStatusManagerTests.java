package io.github.healthgrpc.internal.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.engine.TestContributors.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

class ServingStatusManagerTests {

	private final TestIndicator db = TestIndicator.up();

	private final TestContributors contributors = new TestContributors(indicator("db", this.db));

	private final HealthEngine engine = HealthEngine.builder(this.contributors).validateMembership(false).build();

	private final ServingStatusManager manager = this.engine.servingStatusManager();

	private final CapturedLogs logs = CapturedLogs.of(HealthNameCatalog.class);

	@BeforeEach
	void firstCycle() {
		this.engine.refreshNow();
	}

	@AfterEach
	void close() {
		this.logs.close();
		this.engine.close();
	}

	@Test
	void applicationNamesCanBeSetReadAndCleared() {
		this.manager.setServingStatus("batch", ServingStatus.NOT_SERVING);
		assertThat(this.manager.getServingStatus("batch")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.manager.getApplicationNames()).containsExactly("batch");
		assertThat(this.manager.getServingStatuses()).containsEntry("batch", ServingStatus.NOT_SERVING)
			.containsEntry("db", ServingStatus.SERVING);
		assertThat(this.manager.clearServingStatus("batch")).isTrue();
		assertThat(this.manager.getServingStatus("batch")).isNull();
		assertThat(this.manager.clearServingStatus("batch")).isFalse();
	}

	@Test
	void applicationNamesSurviveRefreshes() {
		this.manager.setServingStatus("batch", ServingStatus.SERVING);
		this.engine.refreshNow();
		assertThat(this.manager.getServingStatus("batch")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void namesTheEnginePublishesCannotBeSetOrCleared() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.manager.setServingStatus("db", ServingStatus.SERVING))
			.withMessageContaining("'db'")
			.withMessageContaining("a health contributor")
			.withMessageContaining("grpc.health.services");
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.clearServingStatus(""))
			.withMessageContaining("cannot be cleared");
		assertThat(this.manager.getServingStatus("db")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void aNameTheApplicationOwnsStaysItsWhenAContributorLaterProducesIt() {
		this.manager.setServingStatus("redis", ServingStatus.NOT_SERVING);
		this.contributors.add(indicator("redis", TestIndicator.up()));
		this.engine.refreshNow();
		this.engine.refreshNow();
		assertThat(this.manager.getServingStatus("redis")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.engine.lastEvaluation().names()).doesNotContainKey("redis");
		assertThat(this.logs.count("gRPC health name 'redis' is produced by both application code and a health "
				+ "contributor; using application code"))
			.isOne();
		assertThat(this.manager.clearServingStatus("redis")).isTrue();
		this.engine.refreshNow();
		assertThat(this.manager.getServingStatus("redis")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void nullsAreRefusedWithTheArgumentsName() {
		assertThatNullPointerException().isThrownBy(() -> this.manager.setServingStatus(null, ServingStatus.SERVING))
			.withMessage("name must not be null");
		assertThatNullPointerException().isThrownBy(() -> this.manager.setServingStatus("batch", null))
			.withMessage("status must not be null");
		assertThatNullPointerException().isThrownBy(() -> this.manager.getServingStatus(null))
			.withMessage("name must not be null");
	}

	@Test
	void refreshReevaluatesAtOnce() {
		this.db.setStatus(StatusCodes.DOWN);
		this.manager.refresh();
		await().until(() -> this.manager.getServingStatus("db") == ServingStatus.NOT_SERVING);
	}

	@Test
	void resumeAfterTerminalStateRestoresTheRealStatuses() {
		this.db.setStatus(StatusCodes.DOWN);
		this.manager.setServingStatus("batch", ServingStatus.SERVING);
		this.manager.enterTerminalState();
		assertThat(this.manager.isTerminal()).isTrue();
		assertThat(this.engine.isTerminal()).isTrue();
		assertThat(this.manager.getServingStatuses())
			.allSatisfy((name, status) -> assertThat(status).isEqualTo(ServingStatus.NOT_SERVING));
		this.manager.resume();
		assertThat(this.manager.isTerminal()).isFalse();
		assertThat(this.manager.getServingStatus("batch")).isEqualTo(ServingStatus.SERVING);
		await().until(() -> this.manager.getServingStatus("db") == ServingStatus.NOT_SERVING);
		assertThat(this.manager.getServingStatus("")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void terminalStateByHandAndByShutdownHaveTheSameEffectOnOpenWatches() throws Exception {
		String serverName = InProcessServerBuilder.generateName();
		Server server = InProcessServerBuilder.forName(serverName)
			.directExecutor()
			.addService(this.engine.grpcService())
			.build()
			.start();
		ManagedChannel channel = InProcessChannelBuilder.forName(serverName).directExecutor().build();
		try {
			Watch watch = new Watch();
			HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("db").build(), watch);
			this.manager.enterTerminalState();
			this.manager.resume();
			await().until(() -> watch.statuses.size() == 3);
			assertThat(watch.statuses).containsExactly(HealthCheckResponse.ServingStatus.SERVING,
					HealthCheckResponse.ServingStatus.NOT_SERVING, HealthCheckResponse.ServingStatus.SERVING);
			assertThat(watch.ended).isFalse();
			this.engine.enterTerminalState();
			await().until(() -> watch.statuses.size() == 4);
			assertThat(watch.ended).isFalse();
			this.engine.resume();
			this.engine.shutdown(java.time.Duration.ZERO, true);
			await().untilTrue(watch.ended);
			assertThat(watch.statuses).endsWith(HealthCheckResponse.ServingStatus.NOT_SERVING);
		}
		finally {
			channel.shutdownNow();
			server.shutdownNow().awaitTermination();
		}
	}

	@Test
	void setsAndClearsAreLoggedOnlyWhenTheyChangeSomething() {
		try (CapturedLogs managerLogs = CapturedLogs.of(DefaultServingStatusManager.class)) {
			this.manager.setServingStatus("batch", ServingStatus.NOT_SERVING);
			this.manager.setServingStatus("batch", ServingStatus.NOT_SERVING);
			this.manager.setServingStatus("batch", ServingStatus.SERVING);
			this.manager.clearServingStatus("batch");
			assertThat(managerLogs.lines()).last().isEqualTo("INFO gRPC health 'batch': removed by the application");
			this.manager.clearServingStatus("batch");
			assertThat(managerLogs.lines()).containsExactly(
					"INFO gRPC health 'batch': (new) -> NOT_SERVING (set by the application)",
					"INFO gRPC health 'batch': NOT_SERVING -> SERVING (set by the application)",
					"INFO gRPC health 'batch': removed by the application");
		}
	}

	private static final class Watch implements StreamObserver<HealthCheckResponse> {

		final List<HealthCheckResponse.ServingStatus> statuses = new CopyOnWriteArrayList<>();

		final AtomicBoolean ended = new AtomicBoolean();

		@Override
		public void onNext(HealthCheckResponse response) {
			this.statuses.add(response.getStatus());
		}

		@Override
		public void onError(Throwable failure) {
			this.ended.set(true);
		}

		@Override
		public void onCompleted() {
			this.ended.set(true);
		}

	}

}
