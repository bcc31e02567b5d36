package io.github.healthgrpc.boot4.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.internal.boot.GrpcHealthMetricsAutoConfiguration;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.testing.CanonicalHealthClient;
import io.github.healthgrpc.testing.RecordingObserver;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.SimpleThreadScope;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycleEvent;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceSpec;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * health-grpc with Spring Boot 4's servlet transport
 * ({@code spring.grpc.server.servlet.enabled}): gRPC served by the embedded servlet
 * container through Spring Boot's {@code GrpcServletRegistration} instead of Spring
 * Boot's Netty server.
 * <p>
 * What cannot run here: Spring Boot's servlet configuration
 * ({@code ServletGrpcServerConfiguration}) is conditional on
 * {@code io.grpc.servlet.jakarta.GrpcServlet}, from grpc-servlet-jakarta, which no
 * repository of this build serves. Without it Spring Boot never registers the servlet,
 * whatever the setting says (the first test shows the condition saying so, and that
 * Spring Boot then starts its Netty server, if the class path has one). The servlet API
 * is not on this module's test class path either, so the contexts here are servlet web
 * applications the way Spring Boot's {@code @ConditionalOnWebApplication} recognizes one:
 * by the {@code session} scope that a servlet web application context registers.
 * <p>
 * What is tested is what health-grpc gives a user of the servlet transport, and that none
 * of it depends on Spring Boot's Netty server:
 * <ul>
 * <li>the same beans of ours as with the Netty server, with grpc-netty on the class path
 * or not, but for the dedicated health listener's transport, which needs grpc-netty (and
 * says so when it is missing);</li>
 * <li>the health service among the services Spring Boot's servlet registration would
 * serve: {@link ServletContainerStandIn} serves exactly those (every service the
 * {@link GrpcServiceDiscoverer} finds, configured by the {@link GrpcServiceConfigurer}
 * without a server factory, as {@code GrpcServletRegistration} builds its servlet) from
 * an in-process server, started and stopped at the embedded servlet container's phase;
 * </li>
 * <li>start-up and shutdown driven by health-grpc's own lifecycle, with no gRPC server
 * lifecycle and no {@link GrpcServerLifecycleEvent} at all: health-grpc's lifecycle has
 * an earlier phase than the servlet container, so the first evaluation is complete before
 * the container accepts its first call, as before the Netty server's.</li>
 * </ul>
 * The servlet transport itself (HTTP/2 in the servlet container, Spring Security's filter
 * chain in front of it) is not tested.
 */
class ServletTransportTests {

	/**
	 * The phase at which Spring Boot starts and stops its embedded web server:
	 * {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}
	 * (spring-boot-web-server, not on this module's class path). It is higher than
	 * health-grpc's lifecycle phase, so the servlet container opens its port after
	 * health-grpc's lifecycle has started (the first evaluation complete) and closes it
	 * before health-grpc's lifecycle stops.
	 */
	static final int SERVLET_CONTAINER_PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	/**
	 * The phase of Spring Boot's Netty gRPC server ({@link GrpcServerLifecycle}), later
	 * than health-grpc's lifecycle.
	 */
	static final int GRPC_SERVER_PHASE = SmartLifecycle.DEFAULT_PHASE;

	/**
	 * The start-up step in which health-grpc's lifecycle waits for the first evaluation.
	 */
	static final String FIRST_EVALUATION_STEP = "grpc.health.first-evaluation";

	/** The names the recorders check. */
	static final List<String> NAMES = List.of("", "ping", "down", "slow", "acme.Other");

	static final String SERVLET_CONFIGURATION = "org.springframework.boot.grpc.server.autoconfigure.ServletGrpcServerConfiguration";

	static final String NETTY_TRANSPORT_CONFIGURATION = GrpcHealthAutoConfiguration.NettyTransportConfiguration.class
		.getName();

	/**
	 * Hides grpc-netty and grpc-netty-shaded: every Netty server of Spring Boot, and
	 * ours.
	 */
	static final FilteredClassLoader WITHOUT_NETTY = new FilteredClassLoader("io.grpc.netty");

	/**
	 * Spring Boot's health, metrics, Actuator endpoints and gRPC server (its own health
	 * service off, as {@link SpringGrpcHealthSettings} sets it), and every
	 * auto-configuration of health-grpc's server side.
	 */
	static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(
			ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
			HealthContributorRegistryAutoConfiguration.class, HealthContributorAutoConfiguration.class,
			HealthEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
			SslAutoConfiguration.class, GrpcServerAutoConfiguration.class, GrpcServerServicesAutoConfiguration.class,
			GrpcServerHealthAutoConfiguration.class, GrpcHealthAutoConfiguration.class,
			GrpcHealthMetricsAutoConfiguration.class);

	static final String[] PROPERTIES = { "spring.grpc.server.health.enabled=false",
			"spring.grpc.server.reflection.enabled=false",
			"management.endpoints.web.exposure.include=health,grpchealth", "grpc.health.refresh-interval=1h" };

	/**
	 * What Spring Boot's Netty configurations do when the servlet registration exists
	 * (they back off: {@code @ConditionalOnMissingNetworkGrpcServer}), with grpc-netty on
	 * the class path.
	 */
	static final String NO_NETTY_SERVER = "spring.grpc.server.factory.enabled=false";

	/** Spring Boot's Netty server, on a free port of 127.0.0.1. */
	private final ApplicationContextRunner nettyServer = new ApplicationContextRunner()
		.withConfiguration(AUTO_CONFIGURATIONS)
		.withUserConfiguration(Application.class)
		.withPropertyValues(PROPERTIES)
		.withPropertyValues("spring.grpc.server.address=127.0.0.1", "spring.grpc.server.port=0");

	/** A servlet web application with the servlet transport asked for. */
	private final ApplicationContextRunner servlet = new ApplicationContextRunner()
		.withInitializer(ServletTransportTests::servletWebApplication)
		.withConfiguration(AUTO_CONFIGURATIONS)
		.withUserConfiguration(Application.class)
		.withPropertyValues(PROPERTIES)
		.withPropertyValues("spring.grpc.server.servlet.enabled=true", "spring.grpc.server.address=127.0.0.1",
				"spring.grpc.server.port=0");

	@Test
	void springBootsServletTransportNeedsGrpcServletJakartaAndFallsBackToItsNettyServerWithout() {
		this.servlet.withUserConfiguration(ServletWebApplicationOnly.class).run((context) -> {
			// A servlet web application for Spring Boot's conditions...
			assertThat(context).hasNotFailed().hasBean("servletWebApplication");
			// ...where the servlet transport does not switch on: grpc-servlet-jakarta is
			// not on the class path.
			assertThat(ClassUtils.isPresent("io.grpc.servlet.jakarta.GrpcServlet", context.getClassLoader())).isFalse();
			ConditionAndOutcomes servlet = ConditionEvaluationReport.get(context.getBeanFactory())
				.getConditionAndOutcomesBySource()
				.get(SERVLET_CONFIGURATION);
			assertThat(servlet).isNotNull();
			assertThat(servlet.isFullMatch()).isFalse();
			assertThat(servlet).map((outcome) -> outcome.getOutcome().getMessage())
				.anyMatch((message) -> message.contains("io.grpc.servlet.jakarta.GrpcServlet"));
			// Spring Boot serves gRPC from its Netty server then, health-grpc on it.
			assertThat(context).hasSingleBean(GrpcServerLifecycle.class).hasSingleBean(HealthGrpcService.class);
		});
	}

	@Test
	void ourBeansAreTheSameOnTheServletTransportAsOnTheNettyServerButTheHealthListenersTransport() {
		Map<String, String> onNetty = new TreeMap<>();
		this.nettyServer.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(GrpcServerLifecycle.class);
			onNetty.putAll(ours(context));
		});
		// The listener's transport is there only with grpc.health.server.port, so that
		// nothing of the listener is loaded without it.
		assertThat(onNetty)
			.containsKeys("grpcHealthSources", "healthGrpcService", "grpcHealthEngine", "servingStatusManager",
					"grpcHealthServingStatusMapper", "grpcHealthLifecycle", "grpcHealthMetrics", "grpcHealthEndpoint")
			.doesNotContainKeys("grpcHealthServerTransport", NETTY_TRANSPORT_CONFIGURATION);
		this.servlet.withPropertyValues(NO_NETTY_SERVER).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcServerLifecycle.class)
				.doesNotHaveBean(GrpcServerFactory.class);
			assertThat(ours(context)).isEqualTo(onNetty);
		});
		Map<String, String> withoutNettyTransport = new TreeMap<>(onNetty);
		withoutNettyTransport.remove("grpcHealthServerTransport");
		withoutNettyTransport.remove(NETTY_TRANSPORT_CONFIGURATION);
		this.servlet.withClassLoader(WITHOUT_NETTY).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcServerLifecycle.class)
				.doesNotHaveBean(GrpcServerFactory.class);
			assertThat(ours(context)).isEqualTo(withoutNettyTransport);
		});
	}

	@Test
	void withoutGrpcNettyTheDedicatedHealthListenerFailsSayingWhatItNeeds() {
		this.servlet.withClassLoader(WITHOUT_NETTY)
			.withPropertyValues("grpc.health.server.port=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("grpc.health.server.port is set, but no gRPC server transport for the dedicated health "
						+ "listener is available: it needs the Netty transport of the gRPC server (grpc-netty-shaded "
						+ "with net.devh, grpc-netty with Spring Boot's gRPC server)"));
	}

	@Test
	void withGrpcNettyTheDedicatedHealthListenerServesNextToTheServletTransport() {
		this.servlet
			.withPropertyValues(NO_NETTY_SERVER, "grpc.health.server.address=127.0.0.1", "grpc.health.server.port=0")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasBean("grpcHealthListener")
					.doesNotHaveBean(GrpcServerLifecycle.class);
				int port = context.getEnvironment().getRequiredProperty("local.grpc.health.server.port", Integer.class);
				try (CanonicalHealthClient client = new CanonicalHealthClient(() -> port)) {
					assertThat(client.check("")).isEqualTo(ServingStatus.SERVING);
					assertThat(client.check("acme.Other")).isEqualTo(ServingStatus.SERVING);
				}
			});
	}

	@Test
	void atStartOurLifecycleCompletesTheFirstEvaluationBeforeTheServletContainerTakesItsFirstCall() {
		List<String> steps = new CopyOnWriteArrayList<>();
		SwitchableIndicator slow = SwitchableIndicator.up();
		slow.block();
		// The slow indicator's first call ends when health-grpc's lifecycle begins to
		// wait for the first evaluation: before, no evaluation can be complete; after,
		// only that wait can complete it in time.
		ApplicationStartup startup = (name) -> {
			steps.add(name);
			if (FIRST_EVALUATION_STEP.equals(name)) {
				slow.release();
			}
			return ApplicationStartup.DEFAULT.start(name);
		};
		try {
			this.servlet.withClassLoader(WITHOUT_NETTY)
				.withInitializer((context) -> context.setApplicationStartup(startup))
				.withBean("slowHealthIndicator", SwitchableIndicator.class, () -> slow)
				.withBean("downHealthIndicator", SwitchableIndicator.class, SwitchableIndicator::down)
				.withUserConfiguration(ServletContainer.class, StartRecorders.class)
				.withPropertyValues("grpc.health.indicator-timeout=1m")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(steps).contains(FIRST_EVALUATION_STEP);
					ServletContainerStandIn container = context.getBean(ServletContainerStandIn.class);
					// When the servlet container starts to accept calls, at the gRPC
					// server's phase, and when the context has started, the first
					// evaluation is complete and refreshes run.
					List<String> real = List.of(" NOT_SERVING", "ping SERVING", "down NOT_SERVING", "slow SERVING",
							"acme.Other NOT_SERVING", "engine running: true");
					assertThat(container.atStart).isEqualTo(real);
					assertThat(context.getBean(StartRecorders.class).atGrpcServerPhase).isEqualTo(real);
					assertThat(context.getBean(StartRecorders.class).whenRefreshed).isEqualTo(real);
					// A Watch opened through the servlet container at once is told the
					// truth first.
					await().until(() -> !container.earlyWatch.statuses.isEmpty());
					assertThat(container.earlyWatch.statuses).first().isEqualTo(ServingStatus.NOT_SERVING);
					assertThat(context).doesNotHaveBean(GrpcServerLifecycle.class);
					assertThat(context.getBean(StartRecorders.class).grpcServerEvents).isEmpty();
				});
		}
		finally {
			slow.release();
		}
	}

	@Test
	void onCloseOurLifecycleTurnsEveryNameNotServingDrainsAndCompletesWatchesWithoutAnyGrpcServer() throws Exception {
		this.servlet.withClassLoader(WITHOUT_NETTY)
			.withUserConfiguration(ServletContainer.class, StartRecorders.class)
			.withPropertyValues("grpc.health.shutdown.drain-delay=1500ms")
			.run((context) -> {
				assertThat(ClassUtils.isPresent("io.grpc.netty.NettyServerBuilder", context.getClassLoader()))
					.isFalse();
				assertThat(context).doesNotHaveBean(GrpcServerLifecycle.class).doesNotHaveBean(GrpcServerFactory.class);
				ServletContainerStandIn container = context.getBean(ServletContainerStandIn.class);
				StartRecorders recorders = context.getBean(StartRecorders.class);
				HealthEngine engine = context.getBean(HealthEngine.class);
				try (CanonicalHealthClient client = container.client()) {
					ServingStatusManager manager = context.getBean(ServingStatusManager.class);
					manager.setServingStatus("batch", io.github.healthgrpc.ServingStatus.SERVING);
					assertThat(client.check("batch")).isEqualTo(ServingStatus.SERVING);
					RecordingObserver watch = new RecordingObserver();
					client.watch("", watch);
					await().until(() -> watch.statuses.contains(ServingStatus.SERVING));

					CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
					await().until(() -> watch.statuses.contains(ServingStatus.NOT_SERVING));
					// Terminal state while the transport still answers: every name, the
					// application's own too, and later updates are not shown.
					assertThat(engine.isTerminal()).isTrue();
					manager.setServingStatus("batch", io.github.healthgrpc.ServingStatus.SERVING);
					for (String name : List.of("", "ping", "acme.Other", "batch")) {
						assertThat(client.check(name)).as(name).isEqualTo(ServingStatus.NOT_SERVING);
					}
					assertThat(closing).isNotDone();
					assertThat(container.atStop).isEmpty();

					await().atMost(Duration.ofSeconds(10)).until(closing::isDone);
					closing.get();
					assertThat(watch.end).isDone();
					assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.OK);
					assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
					// Completed by health-grpc before the servlet container stopped, not
					// cancelled by it.
					assertThat(container.atStop).containsExactly("open Watch streams: 0");
				}
				assertThat(recorders.grpcServerEvents).isEmpty();
			});
	}

	/** A servlet web application context registers the request and session scopes. */
	static void servletWebApplication(ConfigurableApplicationContext context) {
		context.getBeanFactory().registerScope("request", new SimpleThreadScope());
		context.getBeanFactory().registerScope("session", new SimpleThreadScope());
	}

	/**
	 * The beans health-grpc's configurations define (by the class that declares them),
	 * with the type of each.
	 */
	static Map<String, String> ours(ConfigurableApplicationContext context) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		Map<String, String> ours = new TreeMap<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			Class<?> factory = (definition.getFactoryBeanName() != null)
					? beanFactory.getType(definition.getFactoryBeanName()) : null;
			String declaredBy = (factory != null) ? factory.getName() : definition.getBeanClassName();
			if (declaredBy != null && declaredBy.startsWith("io.github.healthgrpc.")
					&& !declaredBy.startsWith(ServletTransportTests.class.getName())) {
				ours.put(name, typeName(beanFactory.getType(name)));
			}
		}
		return ours;
	}

	/** A lambda's type by the interface it implements: its own name changes per run. */
	private static String typeName(Class<?> type) {
		if (type == null) {
			return "?";
		}
		return (type.isHidden() || type.isSynthetic())
				? String.join(",", Arrays.stream(type.getInterfaces()).map(Class::getName).toList()) : type.getName();
	}

	/**
	 * What Check answers for a name (the status, or the error code), as a line of text.
	 */
	static String answer(CanonicalHealthClient client, String name) {
		try {
			return name + " " + client.check(name);
		}
		catch (StatusRuntimeException ex) {
			return name + " " + ex.getStatus().getCode();
		}
	}

	/** The application: a db indicator (UP), and one gRPC service of its own. */
	@Configuration(proxyBeanMethods = false)
	static class Application {

		@Bean
		SwitchableIndicator dbHealthIndicator() {
			return SwitchableIndicator.up();
		}

		@Bean
		BindableService otherService() {
			return GrpcHealthAutoConfigurationTests.service("acme.Other");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletWebApplicationOnly {

		@Bean
		String servletWebApplication() {
			return "servlet";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServletContainer {

		@Bean
		ServletContainerStandIn servletContainerStandIn(GrpcServiceDiscoverer discoverer,
				GrpcServiceConfigurer configurer, ObjectProvider<HealthGrpcService> health,
				ObjectProvider<HealthEngine> engine) {
			return new ServletContainerStandIn(discoverer, configurer, health, engine);
		}

	}

	/**
	 * Stands in for the servlet transport: serves what Spring Boot's
	 * {@code GrpcServletRegistration} puts in its servlet (every service the discoverer
	 * finds, configured without a server factory) from an in-process server, opened and
	 * closed at the phase of the embedded servlet container. Records what Check answers
	 * when it opens, and what is still open when it closes.
	 */
	static final class ServletContainerStandIn implements SmartLifecycle {

		private final GrpcServiceDiscoverer discoverer;

		private final GrpcServiceConfigurer configurer;

		private final ObjectProvider<HealthGrpcService> health;

		private final ObjectProvider<HealthEngine> engine;

		private final String name = "servlet-" + UUID.randomUUID();

		final List<String> atStart = new CopyOnWriteArrayList<>();

		final List<String> atStop = new CopyOnWriteArrayList<>();

		final RecordingObserver earlyWatch = new RecordingObserver();

		private volatile Server server;

		private CanonicalHealthClient client;

		ServletContainerStandIn(GrpcServiceDiscoverer discoverer, GrpcServiceConfigurer configurer,
				ObjectProvider<HealthGrpcService> health, ObjectProvider<HealthEngine> engine) {
			this.discoverer = discoverer;
			this.configurer = configurer;
			this.health = health;
			this.engine = engine;
		}

		@Override
		public void start() {
			ServerBuilder<?> builder = InProcessServerBuilder.forName(this.name);
			for (GrpcServiceSpec spec : this.discoverer.findServices()) {
				builder.addService(this.configurer.configure(spec, null));
			}
			try {
				this.server = builder.build().start();
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.client = client();
			for (String service : NAMES) {
				this.atStart.add(answer(this.client, service));
			}
			this.atStart.add("engine running: " + this.engine.getObject().isRunning());
			this.client.watch("", this.earlyWatch);
		}

		@Override
		public void stop() {
			// As a container's graceful shutdown does: the streams health-grpc completed
			// are gone once the transport has seen them close; one it did not complete
			// would stay open.
			HealthGrpcService health = this.health.getObject();
			await().atMost(Duration.ofSeconds(5)).until(() -> health.openWatchCount() == 0);
			this.atStop.add("open Watch streams: " + health.openWatchCount());
			try {
				this.client.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.server.shutdownNow();
			this.server = null;
		}

		@Override
		public boolean isRunning() {
			return this.server != null;
		}

		@Override
		public int getPhase() {
			return SERVLET_CONTAINER_PHASE;
		}

		/** A new client of the services served, which the caller closes. */
		CanonicalHealthClient client() {
			return new CanonicalHealthClient(() -> InProcessChannelBuilder.forName(this.name).build());
		}

	}

	/**
	 * Records what Check answers through the servlet container when the context reaches
	 * the phase of Spring Boot's gRPC server, and when it has refreshed; and every event
	 * of a gRPC server's lifecycle.
	 */
	@Configuration(proxyBeanMethods = false)
	static class StartRecorders implements SmartLifecycle, ApplicationListener<ContextRefreshedEvent> {

		final List<String> atGrpcServerPhase = new CopyOnWriteArrayList<>();

		final List<String> whenRefreshed = new CopyOnWriteArrayList<>();

		final List<GrpcServerLifecycleEvent> grpcServerEvents = new CopyOnWriteArrayList<>();

		private final ObjectProvider<ServletContainerStandIn> container;

		private final ObjectProvider<HealthEngine> engine;

		private volatile boolean running;

		StartRecorders(ObjectProvider<ServletContainerStandIn> container, ObjectProvider<HealthEngine> engine) {
			this.container = container;
			this.engine = engine;
		}

		@Bean
		ApplicationListener<GrpcServerLifecycleEvent> grpcServerEventRecorder() {
			return this.grpcServerEvents::add;
		}

		@Override
		public void start() {
			record(this.atGrpcServerPhase);
			this.running = true;
		}

		@Override
		public void onApplicationEvent(ContextRefreshedEvent event) {
			record(this.whenRefreshed);
		}

		private void record(List<String> answers) {
			try (CanonicalHealthClient client = this.container.getObject().client()) {
				for (String service : NAMES) {
					answers.add(answer(client, service));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			answers.add("engine running: " + this.engine.getObject().isRunning());
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return GRPC_SERVER_PHASE;
		}

	}

}
