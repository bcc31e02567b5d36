package io.github.healthgrpc.boot4.autoconfigure;

import java.util.Map;

import io.github.healthgrpc.internal.boot.GrpcHealthEngineConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthMetricsAutoConfiguration;
import io.github.healthgrpc.internal.boot.HealthServerTransport;
import io.github.healthgrpc.internal.boot.HealthSources;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.NettyServerBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorNameGenerator;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributors;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;
import org.springframework.boot.health.registry.DefaultReactiveHealthContributorRegistry;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * Serves {@code grpc.health.v1.Health} on Spring Boot 4's gRPC server from its health
 * contributors and groups, through the engine configuration both Spring Boot lines share.
 * Spring Boot's own health service is switched off before the context starts, so the
 * server has exactly one, and its settings are read into ours (both
 * {@link SpringGrpcHealthSettings}).
 */
@AutoConfiguration(after = { HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
		ApplicationAvailabilityAutoConfiguration.class }, before = GrpcHealthMetricsAutoConfiguration.class)
@ConditionalOnClass({ BindableService.class, HealthCheckResponse.class, HealthContributor.class,
		GrpcServiceDiscoverer.class })
@ConditionalOnBooleanProperty(name = "grpc.health.enabled", matchIfMissing = true)
@Import(GrpcHealthEngineConfiguration.class)
public final class GrpcHealthAutoConfiguration {

	@Bean
	HealthSources grpcHealthSources(ObjectProvider<HealthContributorRegistry> registry,
			ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry,
			Map<String, HealthContributor> contributorBeans,
			Map<String, ReactiveHealthContributor> reactiveContributorBeans,
			ObjectProvider<HealthContributorNameGenerator> nameGenerator, ObjectProvider<HealthEndpointGroups> groups,
			ObjectProvider<StatusAggregator> aggregator, ObjectProvider<GrpcServiceDiscoverer> discoverer) {
		// Registries exist whenever spring-boot-health's auto-configuration runs; without
		// it, the contributor beans are read as it would register them. No suppliers:
		// each lambda is one more class to load at start-up.
		HealthContributors blocking = registry.getIfAvailable();
		if (blocking == null) {
			blocking = new DefaultHealthContributorRegistry(null, names(nameGenerator).registrar(contributorBeans));
		}
		ReactiveHealthContributors reactive = reactiveRegistry.getIfAvailable();
		if (reactive == null && !reactiveContributorBeans.isEmpty()) {
			reactive = new DefaultReactiveHealthContributorRegistry(null,
					names(nameGenerator).registrar(reactiveContributorBeans));
		}
		StatusAggregator statusAggregator = aggregator.getIfAvailable();
		Boot4Health health = new Boot4Health(blocking, reactive, groups.getIfAvailable());
		return new HealthSources(health,
				health.primaryGroup((statusAggregator != null) ? statusAggregator : StatusAggregator.getDefault()),
				health.groups(), health, new DiscoveredGrpcServices(discoverer.getIfAvailable()));
	}

	private static HealthContributorNameGenerator names(ObjectProvider<HealthContributorNameGenerator> generator) {
		HealthContributorNameGenerator names = generator.getIfAvailable();
		return (names != null) ? names : HealthContributorNameGenerator.withoutStandardSuffixes();
	}

	/** Spring Boot's own {@code spring.grpc.server.health.*}, read into ours. */
	@Bean
	static SpringGrpcHealthSettings grpcHealthSpringBootSettings(ConfigurableEnvironment environment) {
		return new SpringGrpcHealthSettings(environment);
	}

	// Not "grpcServerHealthService": that is Spring Boot's own health service bean.
	@Bean
	HealthGrpcService healthGrpcService(HealthEngine engine) {
		return engine.grpcService();
	}

	/**
	 * The dedicated health listener's transport: grpc-netty, which Spring Boot's gRPC
	 * server starter brings. Only with the listener, so that nothing of it is loaded
	 * without.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NettyServerBuilder.class)
	@ConditionalOnProperty("grpc.health.server.port")
	static class NettyTransportConfiguration {

		@Bean
		HealthServerTransport grpcHealthServerTransport() {
			return NettyServerBuilder::forAddress;
		}

	}

	/**
	 * {@code grpc.health.security.allow-unauthenticated}: Check and Watch pass Spring
	 * gRPC's security interceptor without credentials.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.grpc.server.security.AuthenticationProcessInterceptor",
			"org.springframework.security.core.Authentication" })
	@ConditionalOnBooleanProperty("grpc.health.security.allow-unauthenticated")
	static class GrpcSecurityConfiguration {

		@Bean
		static HealthCallsSecurityPostProcessor grpcHealthCallsSecurityPostProcessor() {
			return new HealthCallsSecurityPostProcessor();
		}

	}

}
