package io.github.healthgrpc.autoconfigure;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.boot.testing.GrpcHealthClientAutoConfigurationContract;
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
import net.devh.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import net.devh.boot.grpc.client.channelfactory.GrpcChannelFactory;
import net.devh.boot.grpc.common.autoconfigure.GrpcCommonCodecAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Downstream gRPC services' health as Actuator contributors on net.devh's client
 * channels: the contract both lines share, and client-side health checking on the
 * channels that ask for it ({@code check-on-calls}), which only this line has.
 */
class GrpcHealthClientAutoConfigurationTests extends GrpcHealthClientAutoConfigurationContract {

	GrpcHealthClientAutoConfigurationTests() {
		super(Boot35Line.INSTANCE);
	}

	@Override
	protected AutoConfigurations clientAutoConfigurations() {
		return AutoConfigurations.of(GrpcCommonCodecAutoConfiguration.class, GrpcClientAutoConfiguration.class,
				GrpcHealthClientAutoConfiguration.class);
	}

	@Override
	protected String[] clientProperties() {
		return new String[] { "grpc.client.GLOBAL.negotiation-type=plaintext" };
	}

	@Override
	protected String channel(String name, TestUpstream upstream) {
		return "grpc.client." + name + ".address=" + target(upstream);
	}

	@Override
	protected String target(TestUpstream upstream) {
		return "static://" + upstream.address();
	}

	@Override
	protected String channelProperties(String name) {
		return "grpc.client." + name + ".*";
	}

	@Override
	protected Class<?> clientType() {
		return GrpcChannelFactory.class;
	}

	@Test
	void checkOnCallsSendsCallsOnlyToServingAddresses() {
		TestUpstream a = upstream().set("acme.Echo", ServingStatus.SERVING).set("whoami-a", ServingStatus.SERVING);
		TestUpstream b = upstream().set("acme.Echo", ServingStatus.NOT_SERVING).set("whoami-b", ServingStatus.SERVING);
		runner().withBean(NameResolverProvider.class, () -> new FixedAddresses("two-upstreams", a, b))
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
		runner().withBean(NameResolverProvider.class, () -> new FixedAddresses("two-upstreams", a, b))
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
				HealthCheckResponse response = stub.withDeadlineAfter(2, TimeUnit.SECONDS)
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

}
