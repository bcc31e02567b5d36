package io.github.healthgrpc.autoconfigure;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.internal.boot.GrpcHealthClientMetricsAutoConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthClients;
import io.github.healthgrpc.testing.TestUpstream;
import io.grpc.Channel;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.StatusOr;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.core.instrument.MeterRegistry;
import net.devh.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import net.devh.boot.grpc.client.channelfactory.GrpcChannelFactory;
import net.devh.boot.grpc.common.autoconfigure.GrpcCommonCodecAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Downstream gRPC services' health as Actuator contributors on net.devh's client
 * channels, against real upstream servers on 127.0.0.1: the contributor follows the
 * upstream's Watch, an upstream without health service, one that stops and comes back,
 * many channels; what "" and the probe groups make of it; client-side health checking on
 * the channels that ask for it.
 */
class GrpcHealthClientAutoConfigurationTests {

	private static final AutoConfigurations CLIENT = AutoConfigurations.of(GrpcCommonCodecAutoConfiguration.class,
			GrpcClientAutoConfiguration.class, GrpcHealthClientAutoConfiguration.class);

	private final List<TestUpstream> upstreams = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(GrpcHealthAutoConfigurationTests.ACTUATOR_AND_HEALTH_GRPC)
		.withConfiguration(CLIENT)
		.withPropertyValues("grpc.health.refresh-interval=100ms", "grpc.health.client.backoff.initial-interval=50ms",
				"grpc.health.client.backoff.max-interval=200ms", "grpc.client.GLOBAL.negotiation-type=plaintext");

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
	void switchedOffNothingIsWatched() {
		TestUpstream upstream = upstream();
		this.runner
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.client.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcHealthClients.class));
	}

	@Test
	void withoutNetDevhsClientItBacksOff() {
		this.runner.withPropertyValues("grpc.health.client.channels.inventory.service=")
			.withClassLoader(new FilteredClassLoader(GrpcChannelFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcHealthClients.class));
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
				assertThat(health.getDetails()).containsEntry("target", "static://" + upstream.address())
					.containsEntry("service", "acme.Echo")
					.containsEntry("status", "SERVING")
					.containsKey("since");
				upstream.set("acme.Echo", ServingStatus.NOT_SERVING);
				await().until(() -> status(context, "inventory").equals(Status.DOWN));
				assertThat(indicator(context, "inventory").health().getDetails()).containsEntry("status",
						"NOT_SERVING");
				upstream.set("acme.Echo", ServingStatus.SERVING);
				await().until(() -> status(context, "inventory").equals(Status.UP));
			});
	}

	@Test
	void aServiceTheUpstreamDoesNotKnowIsDown() {
		TestUpstream upstream = upstream();
		this.runner
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=nope")
			.run((context) -> {
				await().until(() -> status(context, "inventory").equals(Status.DOWN));
				assertThat(indicator(context, "inventory").health().getDetails()).containsEntry("status",
						"SERVICE_UNKNOWN");
			});
	}

	@Test
	void anUpstreamWithoutHealthServiceIsUnknownOrAsConfigured() {
		TestUpstream upstream = track(TestUpstream.withoutHealth());
		this.runner.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=")
			.run((context) -> await().until(
					() -> "UNIMPLEMENTED".equals(indicator(context, "inventory").health().getDetails().get("status"))))
			.run((context) -> assertThat(status(context, "inventory")).isEqualTo(Status.UNKNOWN));
		this.runner
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.client.unimplemented-status=UP")
			.run((context) -> await().until(() -> status(context, "inventory").equals(Status.UP)));
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
				assertThat(indicator(context, "inventory").health().getDetails()).containsEntry("status", "UNREACHABLE")
					.containsKeys("consecutiveFailures", "lastError");
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
		this.runner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			await().until(() -> IntStream.range(0, 24)
				.allMatch((i) -> status(context, "c" + i).equals((i % 2 == 0) ? Status.UP : Status.DOWN)));
			assertThat(context.getBean(HealthEndpoint.class).healthForPath("grpcClients").getStatus())
				.isEqualTo(Status.DOWN);
		});
	}

	@Test
	void aChannelNetDevhDoesNotKnowStopsStartUpNamingTheProperty() {
		TestUpstream upstream = upstream();
		this.runner.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.invetory.service=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("grpc.health.client.channels.invetory names a gRPC client channel that is not "
						+ "configured (no grpc.client.invetory.*; configured channels: [inventory])"));
	}

	@Test
	void aChannelWithoutServiceStopsStartUpNamingTheProperty() {
		TestUpstream upstream = upstream();
		this.runner
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
		this.runner
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"management.endpoint.health.probes.enabled=true")
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
				assertThat(health.getServingStatus("readiness")).isEqualTo(ServingStatus.SERVING);
				assertThat(context.getBean(HealthEndpoint.class).healthForPath("liveness").getStatus())
					.isEqualTo(Status.UP);
				assertThat(context.getBean(HealthEndpoint.class).health().getStatus())
					.as("Actuator's own root aggregates every contributor")
					.isEqualTo(Status.DOWN);
			});
	}

	@Test
	void namedInTheOverallIncludeOrInAGroupTheyCount() {
		TestUpstream upstream = upstream().set("", ServingStatus.NOT_SERVING);
		this.runner
			.withPropertyValues(channel("inventory", upstream), "grpc.health.client.channels.inventory.service=",
					"grpc.health.overall.include=*,grpcClients", "management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.group.readiness.include=readinessState,grpcClients")
			.run((context) -> {
				// What SpringApplication publishes, and the context runner does not.
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				ServingStatusManager health = context.getBean(ServingStatusManager.class);
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
		this.runner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
							SimpleMetricsExportAutoConfiguration.class, GrpcHealthClientMetricsAutoConfiguration.class))
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

	@Test
	void checkOnCallsSendsCallsOnlyToServingAddresses() {
		TestUpstream a = upstream().set("acme.Echo", ServingStatus.SERVING).set("whoami-a", ServingStatus.SERVING);
		TestUpstream b = upstream().set("acme.Echo", ServingStatus.NOT_SERVING).set("whoami-b", ServingStatus.SERVING);
		this.runner.withBean(NameResolverProvider.class, () -> new FixedAddresses("two-upstreams", a, b))
			.withPropertyValues("grpc.client.inventory.address=two-upstreams:///inventory",
					"grpc.health.client.channels.inventory.service=acme.Echo",
					"grpc.health.client.channels.inventory.check-on-calls=true")
			.run((context) -> {
				Channel channel = context.getBean(GrpcChannelFactory.class).createChannel("inventory");
				await().until(() -> answeredByEveryCall(channel, "whoami-a"));
				a.set("acme.Echo", ServingStatus.NOT_SERVING);
				b.set("acme.Echo", ServingStatus.SERVING);
				await().until(() -> answeredByEveryCall(channel, "whoami-b"));
			});
	}

	@Test
	void withoutCheckOnCallsCallsGoToEveryAddress() {
		TestUpstream a = upstream().set("acme.Echo", ServingStatus.SERVING).set("whoami-a", ServingStatus.SERVING);
		TestUpstream b = upstream().set("acme.Echo", ServingStatus.NOT_SERVING).set("whoami-b", ServingStatus.SERVING);
		this.runner.withBean(NameResolverProvider.class, () -> new FixedAddresses("two-upstreams", a, b))
			.withPropertyValues("grpc.client.inventory.address=two-upstreams:///inventory",
					"grpc.health.client.channels.inventory.service=acme.Echo")
			.run((context) -> {
				Channel channel = context.getBean(GrpcChannelFactory.class).createChannel("inventory");
				await().until(
						() -> !answeredByEveryCall(channel, "whoami-a") && !answeredByEveryCall(channel, "whoami-b"));
			});
	}

	@Test
	void theServiceConfigOfCheckOnCalls() {
		assertThat(CheckOnCallsChannelConfigurer.serviceConfig("acme.Echo")).isEqualTo(Map.of("loadBalancingConfig",
				List.of(Map.of("round_robin", Map.of())), "healthCheckConfig", Map.of("serviceName", "acme.Echo")));
	}

	/** Whether ten calls in a row all reached the upstream that knows this name. */
	private static boolean answeredByEveryCall(Channel channel, String name) {
		HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);
		for (int i = 0; i < 10; i++) {
			try {
				HealthCheckResponse response = stub.withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
					.check(HealthCheckRequest.newBuilder().setService(name).build());
				if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
					return false;
				}
			}
			catch (StatusRuntimeException ex) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A name resolver of its own scheme that gives every upstream's address: two servers
	 * on 127.0.0.1 behind one channel, which the static scheme cannot express under
	 * grpc-java's RFC 3986 URIs.
	 */
	static final class FixedAddresses extends NameResolverProvider {

		private final String scheme;

		private final List<EquivalentAddressGroup> addresses;

		FixedAddresses(String scheme, TestUpstream... upstreams) {
			this.scheme = scheme;
			this.addresses = Arrays.stream(upstreams)
				.map((upstream) -> new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", upstream.port())))
				.toList();
		}

		@Override
		protected boolean isAvailable() {
			return true;
		}

		@Override
		protected int priority() {
			return 5;
		}

		@Override
		public String getDefaultScheme() {
			return this.scheme;
		}

		@Override
		public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
			if (!this.scheme.equals(targetUri.getScheme())) {
				return null;
			}
			return new NameResolver() {

				@Override
				public String getServiceAuthority() {
					return "upstreams";
				}

				@Override
				public void start(Listener2 listener) {
					listener.onResult(ResolutionResult.newBuilder()
						.setAddressesOrError(StatusOr.fromValue(FixedAddresses.this.addresses))
						.build());
				}

				@Override
				public void shutdown() {
				}

			};
		}

	}

	private TestUpstream upstream() {
		return track(TestUpstream.withHealth());
	}

	private TestUpstream track(TestUpstream upstream) {
		this.upstreams.add(upstream);
		return upstream;
	}

	private static String channel(String name, TestUpstream upstream) {
		return "grpc.client." + name + ".address=static://" + upstream.address();
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
