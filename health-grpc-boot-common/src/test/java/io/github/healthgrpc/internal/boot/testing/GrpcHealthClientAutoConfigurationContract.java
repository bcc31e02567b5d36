package io.github.healthgrpc.internal.boot.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.internal.boot.GrpcHealthClientMetricsAutoConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthClients;
import io.github.healthgrpc.internal.boot.testing.SpringBootLine.Answer;
import io.github.healthgrpc.testing.TestUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the health of downstream gRPC services ({@code grpc.health.client.*}) must be on
 * either Spring Boot line, on the line's client channels to real upstream servers on
 * 127.0.0.1: a contributor per channel under {@code grpcClients} follows the upstream's
 * Watch (an unknown service, an upstream without health service, one that stops and comes
 * back, many channels at once); it stays out of {@code ""} and the probes unless named
 * there; metrics per channel; a channel the line does not know, or one without a service,
 * stops start-up naming the property; nothing is watched without channels, switched off,
 * or without the line's client. Each line's test extends this with its
 * {@link SpringBootLine} and its client channels' configuration.
 */
public abstract class GrpcHealthClientAutoConfigurationContract {

	private final SpringBootLine line;

	private final List<TestUpstream> upstreams = new ArrayList<>();

	protected GrpcHealthClientAutoConfigurationContract(SpringBootLine line) {
		this.line = line;
	}

	/**
	 * The line's client auto-configurations and health-grpc's.
	 * @return the auto-configurations
	 */
	protected abstract AutoConfigurations clientAutoConfigurations();

	/**
	 * What every test's client channels need, beyond their address.
	 * @return the properties
	 */
	protected abstract String[] clientProperties();

	/**
	 * The property that makes a client channel of the line to an upstream.
	 * @param name the channel's name
	 * @param upstream the upstream
	 * @return the property
	 */
	protected abstract String channel(String name, TestUpstream upstream);

	/**
	 * The target the contributor reports for a channel of {@link #channel}.
	 * @param upstream the upstream
	 * @return the target
	 */
	protected abstract String target(TestUpstream upstream);

	/**
	 * The line's properties of a client channel, as the failure for a channel the line
	 * does not know names them.
	 * @param name the channel's name
	 * @return the properties' prefix, with {@code .*}
	 */
	protected abstract String channelProperties(String name);

	/**
	 * The type of the line's client that health-grpc's client auto-configuration needs.
	 * @return the type
	 */
	protected abstract Class<?> clientType();

	@AfterEach
	void stopUpstreams() {
		this.upstreams.forEach(TestUpstream::close);
	}

	@Test
	void withoutChannelsNothingIsWatched() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(GrpcHealthClients.class)
			.doesNotHaveBean("grpcClientsHealthContributor"));
	}

	@Test
	void switchedOffNothingIsWatched() {
		TestUpstream upstream = upstream();
		runner()
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.client.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcHealthClients.class));
	}

	@Test
	void withoutTheLinesClientItBacksOff() {
		runner().withPropertyValues("grpc.health.client.channels.inventory.service=")
			.withClassLoader(new FilteredClassLoader(clientType()))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcHealthClients.class));
	}

	@Test
	void theContributorFollowsTheUpstreamWithTheNextWatchMessage() {
		TestUpstream upstream = upstream().set("acme.Echo", ServingStatus.SERVING);
		runner()
			.withPropertyValues(channel("inventory", upstream),
					"grpc.health.client.channels.inventory.service=acme.Echo")
			.run((context) -> {
				await().until(() -> status(context, "inventory").equals("UP"));
				assertThat(health(context, "inventory").details()).containsEntry("target", target(upstream))
					.containsEntry("service", "acme.Echo")
					.containsEntry("status", "SERVING")
					.containsKey("since");
				upstream.set("acme.Echo", ServingStatus.NOT_SERVING);
				await().until(() -> status(context, "inventory").equals("DOWN"));
				assertThat(health(context, "inventory").details()).containsEntry("status", "NOT_SERVING");
				upstream.set("acme.Echo", ServingStatus.SERVING);
				await().until(() -> status(context, "inventory").equals("UP"));
			});
	}

	@Test
	void aServiceTheUpstreamDoesNotKnowIsDown() {
		TestUpstream upstream = upstream();
		runner()
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=nope")
			.run((context) -> {
				await().until(() -> status(context, "inventory").equals("DOWN"));
				assertThat(health(context, "inventory").details()).containsEntry("status", "SERVICE_UNKNOWN");
			});
	}

	@Test
	void anUpstreamWithoutHealthServiceIsUnknownOrAsConfigured() {
		TestUpstream upstream = track(TestUpstream.withoutHealth());
		runner().withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=")
			.run((context) -> {
				await().until(() -> "UNIMPLEMENTED".equals(health(context, "inventory").details().get("status")));
				assertThat(status(context, "inventory")).isEqualTo("UNKNOWN");
			});
		runner()
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.client.unimplemented-status=UP")
			.run((context) -> await().until(() -> status(context, "inventory").equals("UP")));
	}

	@Test
	void anUpstreamThatStopsIsDownAndUpAgainWhenItComesBack() {
		TestUpstream upstream = upstream().set("", ServingStatus.SERVING);
		runner()
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.client.failure-threshold=2")
			.run((context) -> {
				await().until(() -> status(context, "inventory").equals("UP"));
				upstream.stop();
				await().until(() -> status(context, "inventory").equals("DOWN"));
				assertThat(health(context, "inventory").details()).containsEntry("status", "UNREACHABLE")
					.containsKeys("consecutiveFailures", "lastError");
				upstream.restart();
				await().until(() -> status(context, "inventory").equals("UP"));
			});
	}

	@Test
	void manyChannelsAtOnce() {
		TestUpstream serving = upstream().set("", ServingStatus.SERVING);
		TestUpstream notServing = upstream().set("", ServingStatus.NOT_SERVING);
		List<String> properties = new ArrayList<>();
		IntStream.range(0, 24).forEach((i) -> {
			properties.add(channel("c" + i, (i % 2 == 0) ? serving : notServing));
			properties.add("grpc.health.client.channels.c" + i + ".service=");
		});
		runner().withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			await().until(() -> IntStream.range(0, 24)
				.allMatch((i) -> status(context, "c" + i).equals((i % 2 == 0) ? "UP" : "DOWN")));
			assertThat(this.line.endpointStatus(context, "grpcClients")).isEqualTo("DOWN");
		});
	}

	@Test
	void aChannelTheLineDoesNotKnowStopsStartUpNamingTheProperty() {
		TestUpstream upstream = upstream();
		runner().withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.invetory.service=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("grpc.health.client.channels.invetory names a gRPC client channel that is not "
						+ "configured (no " + channelProperties("invetory") + "; configured channels: [inventory])"));
	}

	@Test
	void aChannelWithoutServiceStopsStartUpNamingTheProperty() {
		TestUpstream upstream = upstream();
		runner()
			.withPropertyValues(channel("inventory", upstream),
					"grpc.health.client.channels.inventory.check-on-calls=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("grpc.health.client.channels.inventory.service must be set"));
	}

	@Test
	void theWatchedUpstreamsArePublishedButStayOutOfTheWholeServerAndTheProbes() {
		TestUpstream upstream = upstream().set("", ServingStatus.NOT_SERVING);
		this.line.withProbes(runner())
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=")
			.run((context) -> {
				ServingStatusManager health = ready(context);
				await().until(() -> health.getServingStatus("grpcClients/inventory") == ServingStatus.NOT_SERVING
						&& health.getServingStatus("readiness") == ServingStatus.SERVING);
				assertThat(health.getServingStatus("grpcClients")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(health.getServingStatus("")).isEqualTo(ServingStatus.SERVING);
				assertThat(health.getServingStatus("liveness")).isEqualTo(ServingStatus.SERVING);
				assertThat(health.getServingStatus("readiness")).isEqualTo(ServingStatus.SERVING);
				assertThat(this.line.endpointStatus(context, "liveness")).isEqualTo("UP");
				assertThat(this.line.endpointStatus(context))
					.as("the health endpoint's own root aggregates every contributor")
					.isEqualTo("DOWN");
			});
	}

	@Test
	void namedInTheOverallIncludeOrInAGroupTheyCount() {
		TestUpstream upstream = upstream().set("", ServingStatus.NOT_SERVING);
		this.line.withProbes(runner())
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.overall.include=*,grpcClients",
					"management.endpoint.health.group.readiness.include=readinessState,grpcClients")
			.run((context) -> {
				ServingStatusManager health = ready(context);
				await().until(() -> health.getServingStatus("grpcClients/inventory") == ServingStatus.NOT_SERVING
						&& health.getServingStatus("liveness") == ServingStatus.SERVING);
				assertThat(health.getServingStatus("")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(health.getServingStatus("readiness")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(health.getServingStatus("liveness")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void metricsPerChannel() {
		TestUpstream upstream = upstream().set("", ServingStatus.SERVING);
		runner().withConfiguration(this.line.metrics())
			.withConfiguration(AutoConfigurations.of(GrpcHealthClientMetricsAutoConfiguration.class))
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().until(() -> registry.get("grpc.health.client.status")
					.tag("channel", "inventory")
					.gauge()
					.value() == 1.0);
				assertThat(registry.get("grpc.health.client.watch.restarts")
					.tag("channel", "inventory")
					.functionCounter()
					.count()).isZero();
			});
	}

	/**
	 * A started upstream with a health service, closed after the test.
	 * @return the upstream
	 */
	protected final TestUpstream upstream() {
		return track(TestUpstream.withHealth());
	}

	private TestUpstream track(TestUpstream upstream) {
		this.upstreams.add(upstream);
		return upstream;
	}

	/**
	 * The runner: the line's health, its client and health-grpc's, checking every 100ms.
	 * @return the runner
	 */
	protected final ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(this.line.healthAndHealthGrpc())
			.withConfiguration(clientAutoConfigurations())
			.withPropertyValues("grpc.health.refresh-interval=100ms",
					"grpc.health.client.backoff.initial-interval=50ms", "grpc.health.client.backoff.max-interval=200ms")
			.withPropertyValues(clientProperties());
	}

	/**
	 * What SpringApplication publishes, and the context runner does not: the application
	 * is live and ready.
	 */
	private static ServingStatusManager ready(ApplicationContext context) {
		AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		return context.getBean(ServingStatusManager.class);
	}

	private Answer health(ApplicationContext context, String channel) {
		return this.line.health(context, "grpcClients", channel);
	}

	private String status(ApplicationContext context, String channel) {
		return health(context, channel).status();
	}

}
