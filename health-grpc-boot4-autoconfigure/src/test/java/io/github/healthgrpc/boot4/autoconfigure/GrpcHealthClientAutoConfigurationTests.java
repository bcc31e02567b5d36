package io.github.healthgrpc.boot4.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.internal.boot.GrpcHealthClients;
import io.github.healthgrpc.testing.TestUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Downstream gRPC services' health as health contributors on Spring Boot 4.1's client
 * channels, against real upstream servers on 127.0.0.1: the contributor follows the
 * upstream's Watch, an upstream without health service, one that stops and comes back,
 * many channels; what "" and the probe groups make of it; check-on-calls refused in
 * favour of Boot's own settings.
 */
class GrpcHealthClientAutoConfigurationTests {

	private static final AutoConfigurations CLIENT = AutoConfigurations.of(SslAutoConfiguration.class,
			GrpcClientAutoConfiguration.class, CompositeChannelFactoryAutoConfiguration.class,
			GrpcHealthClientAutoConfiguration.class);

	private final List<TestUpstream> upstreams = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(GrpcHealthAutoConfigurationTests.HEALTH_AND_HEALTH_GRPC)
		.withConfiguration(CLIENT)
		.withConfiguration(AutoConfigurations.of(AvailabilityHealthContributorAutoConfiguration.class,
				AvailabilityProbesAutoConfiguration.class))
		.withPropertyValues("grpc.health.refresh-interval=100ms", "grpc.health.client.backoff.initial-interval=50ms",
				"grpc.health.client.backoff.max-interval=200ms");

	@AfterEach
	void stopUpstreams() {
		this.upstreams.forEach(TestUpstream::close);
	}

	@Test
	void withoutChannelsNothingIsWatched() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(GrpcHealthClients.class)
			.doesNotHaveBean("grpcClientsHealthContributor"));
	}

	@Test
	void theContributorFollowsTheUpstreamWithTheNextWatchMessage() {
		TestUpstream upstream = upstream().set("acme.Echo", ServingStatus.SERVING);
		this.runner
			.withPropertyValues(channel("inventory", upstream),
					"grpc.health.client.channels.inventory.service=acme.Echo")
			.run((context) -> {
				await().until(() -> status(context, "inventory").equals(Status.UP));
				Health health = indicator(context, "inventory").health();
				assertThat(health.getDetails()).containsEntry("target", upstream.address())
					.containsEntry("service", "acme.Echo")
					.containsEntry("status", "SERVING")
					.containsKey("since");
				upstream.set("acme.Echo", ServingStatus.NOT_SERVING);
				await().until(() -> status(context, "inventory").equals(Status.DOWN));
				upstream.set("acme.Echo", ServingStatus.SERVING);
				await().until(() -> status(context, "inventory").equals(Status.UP));
			});
	}

	@Test
	void anUpstreamWithoutHealthServiceIsUnknown() {
		TestUpstream upstream = track(TestUpstream.withoutHealth());
		this.runner.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=")
			.run((context) -> {
				await().until(() -> "UNIMPLEMENTED"
					.equals(indicator(context, "inventory").health().getDetails().get("status")));
				assertThat(status(context, "inventory")).isEqualTo(Status.UNKNOWN);
			});
	}

	@Test
	void anUpstreamThatStopsIsDownAndUpAgainWhenItComesBack() {
		TestUpstream upstream = upstream().set("", ServingStatus.SERVING);
		this.runner
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.client.failure-threshold=2")
			.run((context) -> {
				await().until(() -> status(context, "inventory").equals(Status.UP));
				upstream.stop();
				await().until(() -> status(context, "inventory").equals(Status.DOWN));
				upstream.restart();
				await().until(() -> status(context, "inventory").equals(Status.UP));
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
		this.runner.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> await().until(() -> IntStream.range(0, 24)
				.allMatch((i) -> status(context, "c" + i).equals((i % 2 == 0) ? Status.UP : Status.DOWN))));
	}

	@Test
	void aChannelBootDoesNotKnowStopsStartUpNamingTheProperty() {
		TestUpstream upstream = upstream();
		this.runner.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.invetory.service=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("grpc.health.client.channels.invetory names a gRPC client channel that is not "
						+ "configured (no spring.grpc.client.channel.invetory.*; configured channels: [inventory])"));
	}

	@Test
	void checkOnCallsPointsToBootsOwnSettings() {
		TestUpstream upstream = upstream();
		this.runner
			.withPropertyValues(channel("inventory", upstream),
					"grpc.health.client.channels.inventory.service=acme.Echo",
					"grpc.health.client.channels.inventory.check-on-calls=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("grpc.health.client.channels.inventory.check-on-calls is for net.devh channels; on Spring "
						+ "Boot 4.1 set spring.grpc.client.channel.inventory.health.enabled=true and "
						+ "spring.grpc.client.channel.inventory.health.service-name=acme.Echo"));
	}

	@Test
	void theWatchedUpstreamsArePublishedButStayOutOfTheWholeServerAndTheProbes() {
		TestUpstream upstream = upstream().set("", ServingStatus.NOT_SERVING);
		this.runner.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=")
			.run((context) -> {
				// What SpringApplication publishes, and the context runner does not.
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				ServingStatusManager health = context.getBean(ServingStatusManager.class);
				await().until(() -> health.getServingStatus("grpcClients/inventory") == ServingStatus.NOT_SERVING
						&& health.getServingStatus("readiness") == ServingStatus.SERVING);
				assertThat(health.getServingStatus("grpcClients")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(health.getServingStatus("")).isEqualTo(ServingStatus.SERVING);
				assertThat(health.getServingStatus("liveness")).isEqualTo(ServingStatus.SERVING);
				assertThat(context.getBean(HealthEndpoint.class).health().getStatus())
					.as("the health endpoint's own root aggregates every contributor")
					.isEqualTo(Status.DOWN);
			});
	}

	@Test
	void namedInTheOverallIncludeOrInAGroupTheyCount() {
		TestUpstream upstream = upstream().set("", ServingStatus.NOT_SERVING);
		this.runner
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.overall.include=*,grpcClients",
					"management.endpoint.health.group.readiness.include=readinessState,grpcClients")
			.run((context) -> {
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				ServingStatusManager health = context.getBean(ServingStatusManager.class);
				await().until(() -> health.getServingStatus("grpcClients/inventory") == ServingStatus.NOT_SERVING
						&& health.getServingStatus("liveness") == ServingStatus.SERVING);
				assertThat(health.getServingStatus("")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(health.getServingStatus("readiness")).isEqualTo(ServingStatus.NOT_SERVING);
			});
	}

	private TestUpstream upstream() {
		return track(TestUpstream.withHealth());
	}

	private TestUpstream track(TestUpstream upstream) {
		this.upstreams.add(upstream);
		return upstream;
	}

	private static String channel(String name, TestUpstream upstream) {
		return "spring.grpc.client.channel." + name + ".target=" + upstream.address();
	}

	private static HealthIndicator indicator(AssertableApplicationContext context, String channel) {
		CompositeHealthContributor clients = (CompositeHealthContributor) context
			.getBean(HealthContributorRegistry.class)
			.getContributor("grpcClients");
		return (HealthIndicator) clients.getContributor(channel);
	}

	private static Status status(AssertableApplicationContext context, String channel) {
		return indicator(context, channel).health().getStatus();
	}

}
