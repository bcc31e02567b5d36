package io.github.healthgrpc.boot4.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.internal.boot.testing.TestApplicationSupport;
import io.github.healthgrpc.testing.CanonicalHealthClient;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.services.HealthStatusManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.grpc.server.health.GrpcServerHealth;
import org.springframework.boot.grpc.server.health.HealthCheckedGrpcComponents;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Parity with Spring Boot 4.1's own gRPC health service. One application, configured only
 * through Spring Boot's {@code spring.grpc.server.health.*} properties, is started twice:
 * with Spring Boot's service ({@code grpc.health.enabled=false}, which leaves it
 * untouched) and with health-grpc. Both are driven through the same indicator states, and
 * every name Spring Boot publishes ({@code ""} and each
 * {@code spring.grpc.server.health.service.<name>}) must get the same answer from
 * health-grpc, by Check over TCP on 127.0.0.1.
 * <p>
 * Spring Boot publishes only from its scheduler: after each change of state the test
 * makes it publish at once ({@link GrpcServerHealth#update(HealthStatusManager)}) and
 * asks health-grpc for a refresh, then waits for health-grpc's answers to settle. Spring
 * Boot's answers are also checked against what its documented semantics give (so a change
 * in Spring Boot shows as such, not as a health-grpc failure), and each state must change
 * at least one of them (so equal stale answers cannot pass).
 */
class BootHealthParityTests {

	private static final Status DEGRADED = new Status("DEGRADED");

	private static final String SERVING = "SERVING";

	private static final String NOT_SERVING = "NOT_SERVING";

	/**
	 * One service with include and exclude (Catalog), one with its own status order
	 * (Ordered) and one with its own status mapping (Catalog again), on top of a global
	 * order and mapping. Both mappings replace Spring Boot's defaults entirely: a code
	 * they do not list maps to SERVING (UNKNOWN too, and DOWN for Catalog). Catalog's
	 * mapping lists OUT_OF_SERVICE so that Catalog can answer NOT_SERVING at all.
	 */
	private static final String[] CONFIGURATION = {
			// Registers the readinessState contributor (on by default in Boot 4.1).
			"management.endpoint.health.probes.enabled=true",
			"spring.main.sources=" + CacheIndicatorConfiguration.class.getName(),
			"spring.grpc.server.health.schedule.delay=0", "spring.grpc.server.health.schedule.period=1s",
			"spring.grpc.server.health.status.order=DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN",
			"spring.grpc.server.health.status.mapping.down=NOT_SERVING",
			"spring.grpc.server.health.status.mapping.out-of-service=NOT_SERVING",
			"spring.grpc.server.health.status.mapping.degraded=NOT_SERVING",
			"spring.grpc.server.health.service[acme.Orders].include=db,cache",
			"spring.grpc.server.health.service[acme.Catalog].include=*",
			"spring.grpc.server.health.service[acme.Catalog].exclude=db",
			"spring.grpc.server.health.service[acme.Catalog].status.mapping.degraded=SERVING",
			"spring.grpc.server.health.service[acme.Catalog].status.mapping.out-of-service=NOT_SERVING",
			"spring.grpc.server.health.service[acme.Ready].include=readinessState",
			"spring.grpc.server.health.service[acme.Ordered].include=db,cache",
			"spring.grpc.server.health.service[acme.Ordered].status.order=DEGRADED,DOWN,UP" };

	private static final List<String> NAMES = List.of("", "acme.Catalog", "acme.Ordered", "acme.Orders", "acme.Ready");

	/** Each state changes at least one of Spring Boot's answers from the one before. */
	private static final List<State> STATES = List.of(State.ALL_UP, State.DB_DOWN, State.NOT_READY,
			State.CACHE_DEGRADED, State.DB_OUT_OF_SERVICE, State.CACHE_DOWN, State.ALL_UP);

	/** What Spring Boot answers, by its own rules, for {@link #NAMES} in order. */
	private static final Map<State, List<String>> EXPECTED = new EnumMap<>(State.class);

	static {
		EXPECTED.put(State.ALL_UP, answers(SERVING, SERVING, SERVING, SERVING, SERVING));
		// Catalog excludes db.
		EXPECTED.put(State.DB_DOWN, answers(NOT_SERVING, SERVING, NOT_SERVING, NOT_SERVING, SERVING));
		// readinessState is OUT_OF_SERVICE: Catalog includes it.
		EXPECTED.put(State.NOT_READY, answers(NOT_SERVING, NOT_SERVING, SERVING, SERVING, NOT_SERVING));
		// The global mapping makes DEGRADED NOT_SERVING, Catalog's own SERVING.
		EXPECTED.put(State.CACHE_DEGRADED, answers(NOT_SERVING, SERVING, NOT_SERVING, NOT_SERVING, SERVING));
		// OUT_OF_SERVICE is not in Ordered's order, so Ordered leaves it out: UP.
		// Catalog excludes db (its mapping would make OUT_OF_SERVICE NOT_SERVING).
		EXPECTED.put(State.DB_OUT_OF_SERVICE, answers(NOT_SERVING, SERVING, SERVING, NOT_SERVING, SERVING));
		// Catalog's own mapping does not list DOWN, so DOWN is SERVING there.
		EXPECTED.put(State.CACHE_DOWN, answers(NOT_SERVING, SERVING, NOT_SERVING, NOT_SERVING, SERVING));
	}

	/** The smaller case: Spring Boot asked not to report the overall health. */
	private static final String[] WITHOUT_OVERALL_HEALTH = {
			"spring.main.sources=" + CacheIndicatorConfiguration.class.getName(),
			"spring.grpc.server.health.include-overall-health=false", "spring.grpc.server.health.schedule.delay=0",
			"spring.grpc.server.health.schedule.period=1s",
			"spring.grpc.server.health.service[acme.Orders].include=db,cache" };

	private static final List<String> WITHOUT_OVERALL_HEALTH_NAMES = List.of("", "acme.Orders");

	private static final List<State> WITHOUT_OVERALL_HEALTH_STATES = List.of(State.ALL_UP, State.DB_DOWN, State.ALL_UP);

	private final List<App> apps = new ArrayList<>();

	@AfterEach
	void stop() throws InterruptedException {
		for (int i = this.apps.size() - 1; i >= 0; i--) {
			this.apps.get(i).close();
		}
	}

	@Test
	void springBootsOwnServiceAnswersAsItsPropertiesSay() {
		App boot = startSpringBootsService(CONFIGURATION);
		drive(NAMES, STATES, EXPECTED, boot, null);
	}

	@Test
	void healthGrpcAnswersAsSpringBootsOwnServiceInEveryState() {
		App boot = startSpringBootsService(CONFIGURATION);
		App healthGrpc = startHealthGrpc(CONFIGURATION);
		drive(NAMES, STATES, EXPECTED, boot, healthGrpc);
	}

	@Test
	void withoutOverallHealthSpringBootsOwnServiceAnswersAsItsPropertiesSay() {
		App boot = startSpringBootsService(WITHOUT_OVERALL_HEALTH);
		drive(WITHOUT_OVERALL_HEALTH_NAMES, WITHOUT_OVERALL_HEALTH_STATES, withoutOverallHealthExpected(boot), boot,
				null);
	}

	@Test
	void withoutOverallHealthHealthGrpcAnswersAsSpringBootsOwnService() {
		App boot = startSpringBootsService(WITHOUT_OVERALL_HEALTH);
		App healthGrpc = startHealthGrpc(WITHOUT_OVERALL_HEALTH);
		drive(WITHOUT_OVERALL_HEALTH_NAMES, WITHOUT_OVERALL_HEALTH_STATES, withoutOverallHealthExpected(boot), boot,
				healthGrpc);
	}

	/**
	 * Spring Boot 4.1.0 binds {@code include-overall-health} but does not read it: its
	 * {@code ""} follows the overall health all the same. Later 4.1.x read it
	 * (spring-projects/spring-boot#50799) and then never publish {@code ""}, which stays
	 * at grpc-java's {@link HealthStatusManager}'s initial SERVING. The comparison is
	 * with the Spring Boot on the class path.
	 */
	private static Map<State, List<String>> withoutOverallHealthExpected(App boot) {
		boolean overallReported = boot.context.getBean(HealthCheckedGrpcComponents.class).getServer() != null;
		assertThat(overallReported)
			.as("Spring Boot %s reports the overall health with include-overall-health=false",
					SpringBootVersion.getVersion())
			.isEqualTo("4.1.0".equals(SpringBootVersion.getVersion()));
		Map<State, List<String>> expected = new EnumMap<>(State.class);
		expected.put(State.ALL_UP, answers(SERVING, SERVING));
		expected.put(State.DB_DOWN, answers(overallReported ? NOT_SERVING : SERVING, NOT_SERVING));
		return expected;
	}

	private void drive(List<String> names, List<State> states, Map<State, List<String>> expected, App boot,
			@Nullable App healthGrpc) {
		Map<String, String> previous = null;
		for (int step = 0; step < states.size(); step++) {
			State state = states.get(step);
			String when = "step " + (step + 1) + ", " + state;
			state.applyTo(boot.context);
			if (healthGrpc != null) {
				state.applyTo(healthGrpc.context);
			}
			Map<String, String> bootAnswers = springBootsAnswers(boot, names);
			assertThat(bootAnswers).as("Spring Boot's own answers in %s", when)
				.isEqualTo(named(names, expected.get(state)));
			if (previous != null) {
				assertThat(bootAnswers).as("Spring Boot's own answers in %s, against the step before", when)
					.isNotEqualTo(previous);
			}
			previous = bootAnswers;
			if (healthGrpc != null) {
				healthGrpc.context.getBean(ServingStatusManager.class).refresh();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(healthGrpc.answers(names))
						.as("health-grpc's answers (actual) against Spring Boot's (expected) in %s", when)
						.isEqualTo(bootAnswers));
			}
		}
	}

	/**
	 * Makes Spring Boot publish now and returns its answers. Its scheduler keeps running:
	 * a scheduled update that read the indicators before the change can publish after
	 * ours, once for each name. Two updates, each followed by the answers, that agree
	 * leave no room for it.
	 */
	private Map<String, String> springBootsAnswers(App boot, List<String> names) {
		GrpcServerHealth health = boot.context.getBean(GrpcServerHealth.class);
		HealthStatusManager manager = boot.context.getBean(HealthStatusManager.class);
		AtomicReference<Map<String, String>> answers = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			health.update(manager);
			Map<String, String> first = boot.answers(names);
			health.update(manager);
			answers.set(boot.answers(names));
			return first.equals(answers.get());
		});
		return answers.get();
	}

	private App startSpringBootsService(String... properties) {
		App boot = start(append(properties, "grpc.health.enabled=false"));
		assertThat(boot.context.getBeansOfType(GrpcServerHealth.class)).hasSize(1);
		assertThat(boot.context.containsBean("grpcServerHealthService")).isTrue();
		assertThat(boot.context.getBeansOfType(ServingStatusManager.class)).isEmpty();
		assertThat(boot.context.getBean(HealthContributorRegistry.class).getContributor("readinessState")).isNotNull();
		return boot;
	}

	private App startHealthGrpc(String... properties) {
		App healthGrpc = start(properties);
		assertThat(healthGrpc.context.getBeansOfType(ServingStatusManager.class)).hasSize(1);
		assertThat(healthGrpc.context.getBeansOfType(GrpcServerHealth.class)).isEmpty();
		return healthGrpc;
	}

	private App start(String... properties) {
		ConfigurableApplicationContext context = Boot4Line.INSTANCE.start("UP", properties);
		App app = new App(context, TestApplicationSupport.port());
		this.apps.add(app);
		return app;
	}

	private static String[] append(String[] properties, String property) {
		String[] all = new String[properties.length + 1];
		System.arraycopy(properties, 0, all, 0, properties.length);
		all[properties.length] = property;
		return all;
	}

	private static List<String> answers(String... statuses) {
		return List.of(statuses);
	}

	/** Answers given in the order of the names, under their names. */
	private static Map<String, String> named(List<String> names, List<String> statuses) {
		assertThat(statuses).hasSameSizeAs(names);
		Map<String, String> answers = new TreeMap<>();
		for (int i = 0; i < names.size(); i++) {
			answers.put(names.get(i), statuses.get(i));
		}
		return answers;
	}

	/** The states both applications are driven through. */
	enum State {

		ALL_UP(Status.UP, Status.UP, ReadinessState.ACCEPTING_TRAFFIC),

		DB_DOWN(Status.DOWN, Status.UP, ReadinessState.ACCEPTING_TRAFFIC),

		NOT_READY(Status.UP, Status.UP, ReadinessState.REFUSING_TRAFFIC),

		CACHE_DEGRADED(Status.UP, DEGRADED, ReadinessState.ACCEPTING_TRAFFIC),

		DB_OUT_OF_SERVICE(Status.OUT_OF_SERVICE, Status.UP, ReadinessState.ACCEPTING_TRAFFIC),

		CACHE_DOWN(Status.UP, Status.DOWN, ReadinessState.ACCEPTING_TRAFFIC);

		private final Status db;

		private final Status cache;

		private final ReadinessState readiness;

		State(Status db, Status cache, ReadinessState readiness) {
			this.db = db;
			this.cache = cache;
			this.readiness = readiness;
		}

		void applyTo(ConfigurableApplicationContext context) {
			indicator(context, "db").setStatus(this.db.getCode());
			CacheIndicatorConfiguration.cache(context).setStatus(this.cache);
			AvailabilityChangeEvent.publish(context, this.readiness);
		}

	}

	/** Adds a {@code cache} indicator, up at start. */
	@Configuration(proxyBeanMethods = false)
	static class CacheIndicatorConfiguration {

		@Bean
		SwitchableIndicator cacheHealthIndicator() {
			return SwitchableIndicator.up();
		}

		static SwitchableIndicator cache(ConfigurableApplicationContext context) {
			return context.getBean("cacheHealthIndicator", SwitchableIndicator.class);
		}

	}

	/** A started application and a client to its gRPC server. */
	private static final class App {

		final ConfigurableApplicationContext context;

		private final CanonicalHealthClient client;

		App(ConfigurableApplicationContext context, int port) {
			this.context = context;
			this.client = new CanonicalHealthClient(() -> port);
		}

		/** What Check answers for each name; NOT_FOUND for a name not published. */
		Map<String, String> answers(List<String> names) {
			Map<String, String> answers = new TreeMap<>();
			for (String name : names) {
				try {
					answers.put(name, this.client.check(name).name());
				}
				catch (StatusRuntimeException ex) {
					answers.put(name, ex.getStatus().getCode().name());
				}
			}
			return answers;
		}

		void close() throws InterruptedException {
			this.client.close();
			this.context.close();
		}

	}

}
