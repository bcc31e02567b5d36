package io.github.healthgrpc.autoconfigure;

import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.internal.boot.GrpcHealthEngineConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthMetricsAutoConfiguration;
import io.github.healthgrpc.internal.boot.HealthServerTransport;
import io.github.healthgrpc.internal.boot.HealthSources;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import net.devh.boot.grpc.server.service.GrpcService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.ReactiveHealthContributor;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Serves {@code grpc.health.v1.Health} from Spring Boot 3.5's Actuator health: Actuator's
 * contributors and groups feed the shared engine configuration. In a net.devh gRPC server
 * it replaces net.devh's own health service.
 */
@AutoConfiguration(
		after = { HealthEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				ApplicationAvailabilityAutoConfiguration.class },
		before = GrpcHealthMetricsAutoConfiguration.class,
		beforeName = "net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration")
@ConditionalOnClass({ BindableService.class, HealthCheckResponse.class, HealthContributor.class })
@ConditionalOnBooleanProperty(name = "grpc.health.enabled", matchIfMissing = true)
@Import(GrpcHealthEngineConfiguration.class)
public final class GrpcHealthAutoConfiguration {

	private static final String NET_DEVH_DISCOVERER = "net.devh.boot.grpc.server.service.GrpcServiceDiscoverer";

	/**
	 * In a net.devh server: finds the registered gRPC services, and filters net.devh's
	 * own health service out of them.
	 */
	@Bean
	@ConditionalOnClass(name = NET_DEVH_DISCOVERER)
	static RegisteredGrpcServices grpcHealthRegisteredServices() {
		return new RegisteredGrpcServices();
	}

	@Bean
	HealthSources grpcHealthSources(ObjectProvider<HealthContributorRegistry> registry,
			Map<String, HealthContributor> contributors, Map<String, ReactiveHealthContributor> reactiveContributors,
			ObjectProvider<HealthEndpointGroups> groups, ObjectProvider<StatusAggregator> aggregator,
			ObjectProvider<RegisteredGrpcServices> registeredServices) {
		HealthContributorRegistry contributorRegistry = registry.getIfAvailable();
		HealthEndpointGroups endpointGroups = groups.getIfAvailable();
		// Without the health endpoint there is no registry: read the contributor beans as
		// it would.
		ActuatorHealth health = (contributorRegistry != null) ? ActuatorHealth.of(contributorRegistry, endpointGroups)
				: ActuatorHealth.of(contributors, reactiveContributors, endpointGroups);
		StatusAggregator statusAggregator = aggregator.getIfAvailable();
		RegisteredGrpcServices services = registeredServices.getIfAvailable();
		return new HealthSources(health,
				health.primaryGroup((statusAggregator != null) ? statusAggregator : StatusAggregator.getDefault()),
				health.groups(), health, (services != null) ? services : Set::of);
	}

	/**
	 * In a net.devh server: the service is registered as a {@code @GrpcService}, so that
	 * global interceptors apply as to any service. Here rather than in a configuration of
	 * its own, which would be one more class to load.
	 */
	// Not "grpcHealthService": that is the name of net.devh's own health service bean.
	@Bean
	@GrpcService
	@ConditionalOnClass(name = NET_DEVH_DISCOVERER)
	HealthGrpcService healthGrpcService(HealthEngine engine) {
		return engine.grpcService();
	}

	/**
	 * Without net.devh: the service is a plain bean, for the application to register in
	 * its server.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(NET_DEVH_DISCOVERER)
	static class PlainServerConfiguration {

		// Not "grpcHealthService": that is the name of net.devh's own health service
		// bean.
		@Bean
		HealthGrpcService healthGrpcService(HealthEngine engine) {
			return engine.grpcService();
		}

	}

	/**
	 * The dedicated health listener's transport: grpc-netty-shaded, net.devh's own. Only
	 * with the listener, so that nothing of it is loaded without.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NettyServerBuilder.class)
	@ConditionalOnProperty("grpc.health.server.port")
	static class ShadedNettyTransportConfiguration {

		@Bean
		HealthServerTransport grpcHealthServerTransport() {
			return NettyServerBuilder::forAddress;
		}

	}

	/**
	 * {@code grpc.health.security.allow-unauthenticated}: Check and Watch pass net.devh's
	 * Spring Security integration without credentials.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "net.devh.boot.grpc.server.security.check.GrpcSecurityMetadataSource",
			"org.springframework.security.access.SecurityMetadataSource" })
	@ConditionalOnBooleanProperty("grpc.health.security.allow-unauthenticated")
	static class NetDevhSecurityConfiguration {

		@Bean
		static HealthCallsSecurityPostProcessor grpcHealthCallsSecurityPostProcessor() {
			return new HealthCallsSecurityPostProcessor();
		}

	}

}
