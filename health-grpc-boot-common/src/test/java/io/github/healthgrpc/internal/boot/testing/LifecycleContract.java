package io.github.healthgrpc.internal.boot.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.testing.RecordingObserver;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What start-up and shutdown must be on either Spring Boot line, in the line's test
 * application over TCP on 127.0.0.1: an indicator DOWN at start is NOT_SERVING on the
 * very first call; at close, watchers are told NOT_SERVING and Check answers it during
 * the drain delay, updates after close has started are ignored, and open Watch streams
 * are completed (OK) by health-grpc before the server shuts down, so that its grace
 * period is not waited for, or, with {@code grpc.health.shutdown.complete-watches=false},
 * held open until the grace period runs out and the server cancels them. Each line's test
 * extends this with its {@link SpringBootLine}.
 */
public abstract class LifecycleContract extends AbstractApplicationTests {

	/** The default shutdown grace period of both lines' gRPC servers. */
	private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

	protected LifecycleContract(SpringBootLine line) {
		super(line);
	}

	/**
	 * The property of the line's gRPC server's shutdown grace period.
	 * @return the property's name
	 */
	protected abstract String gracePeriodProperty();

	@Test
	void anIndicatorDownAtStartIsNotServingOnTheVeryFirstCall() {
		List<String> firstAnswers = firstAnswersOfTheNextStart();
		start("DOWN");
		// The application's own service too, on both lines: where the server finds its
		// services after the first cycle began (net.devh), start runs one more.
		assertThat(firstAnswers).containsExactly(" NOT_SERVING", "db NOT_SERVING", "ping SERVING",
				"test.Echo NOT_SERVING");
	}

	@Test
	void onCloseWatchersAreToldNotServingAndCompletedBeforeTheServerStopsAndChecksAnswerItDuringTheDrain()
			throws Exception {
		start("UP", "grpc.health.shutdown.drain-delay=1500ms");
		RecordingObserver watch = new RecordingObserver();
		client().watch("db", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.SERVING));

		long start = System.nanoTime();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(applicationToClose()::close);
		await().until(() -> watch.statuses.contains(ServingStatus.NOT_SERVING));
		// The server still answers during the drain delay, with the truth.
		assertThat(client().check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(client().check("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(client().check("test.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(closing).isNotDone();
		assertThat(TestApplicationSupport.stopping()).isEmpty();

		// The open Watch was completed by health-grpc, so the server did not wait for its
		// grace period.
		await().atMost(GRACE_PERIOD.dividedBy(3)).until(closing::isDone);
		closing.get();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		await().until(watch.end::isDone);
		assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.OK);
		assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		// Completed with OK, not cancelled: by health-grpc, before the server stopped.
		assertThat(TestApplicationSupport.stopping()).satisfiesExactly(
				(shutdown) -> assertThat(shutdown).startsWith("shutdown"),
				(terminated) -> assertThat(terminated).isEqualTo("terminated"));
	}

	@Test
	void updatesAfterCloseHasStartedAreIgnored() throws Exception {
		start("DOWN", "grpc.health.shutdown.drain-delay=1s");
		RecordingObserver watch = new RecordingObserver();
		client().watch("db", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.NOT_SERVING));
		HealthEngine engine = context().getBean(HealthEngine.class);
		IndicatorSwitch db = indicator(context(), "db");
		CompletableFuture<Void> closing = CompletableFuture.runAsync(applicationToClose()::close);
		await().until(engine::isTerminal);
		db.setStatus("UP");
		engine.refreshNow();
		assertThat(client().check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		closing.get(20, TimeUnit.SECONDS);
		assertThat(watch.statuses).containsOnly(ServingStatus.NOT_SERVING);
	}

	@Test
	void withoutCompletingWatchesAnOpenWatchEndsOnlyWhenTheServersGracePeriodRunsOut() throws Exception {
		start("UP", "grpc.health.shutdown.complete-watches=false", gracePeriodProperty() + "=1s");
		// Readiness turns ACCEPTING_TRAFFIC when the application is ready, and the
		// overall name follows in the background: watch once it has, so that the
		// stream starts with SERVING.
		await().until(() -> client().check("") == ServingStatus.SERVING);
		RecordingObserver watch = new RecordingObserver();
		client().watch("", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.SERVING));
		long start = System.nanoTime();
		applicationToClose().close();
		await().until(watch.end::isDone);
		assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		// Held open until the grace period ran out and the server cancelled it.
		assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.CANCELLED);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		// Still open when the server started to shut down.
		assertThat(TestApplicationSupport.stopping()).containsExactly("shutdown with open Watch streams: 1",
				"terminated");
	}

	/**
	 * What {@code ""}, {@code db}, {@code ping} and {@code test.Echo} answer when the
	 * next application has just started its gRPC server, before any other caller could
	 * ask.
	 * @return the answers, {@code <name> <status or error code>}, filled when the server
	 * has started
	 */
	protected static List<String> firstAnswersOfTheNextStart() {
		List<String> answers = new CopyOnWriteArrayList<>();
		TestApplicationSupport.whenServerStarted((context) -> {
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", TestApplicationSupport.port())
				.usePlaintext()
				.build();
			try {
				HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS);
				for (String service : List.of("", "db", "ping", "test.Echo")) {
					answers.add(service + " " + check(health, service));
				}
			}
			finally {
				channel.shutdownNow();
			}
		});
		return answers;
	}

	private static String check(HealthGrpc.HealthBlockingStub health, String service) {
		try {
			return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus().name();
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode().name();
		}
	}

}
