package io.github.healthgrpc.autoconfigure;

import java.util.Map;

import io.github.healthgrpc.ServingStatusListener;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.engine.NameSelection;
import io.github.healthgrpc.internal.engine.ServiceMapping;
import io.github.healthgrpc.internal.engine.SimpleServingStatusMapper;
import io.github.healthgrpc.internal.model.ContributorSource;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthServiceSettings;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse;
import net.devh.boot.grpc.server.service.GrpcService;
import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;

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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves {@code grpc.health.v1.Health} from Actuator health: the engine (status table,
 * gRPC service, background evaluation) fed by Actuator's contributors and groups, and its
 * start and shutdown lifecycle. In a net.devh gRPC server it replaces net.devh's own
 * health service.
 */
@AutoConfiguration(
		after = { HealthEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				ApplicationAvailabilityAutoConfiguration.class },
		beforeName = "net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration")
@ConditionalOnClass({ BindableService.class, HealthCheckResponse.class, HealthContributor.class })
@ConditionalOnBooleanProperty(name = "grpc.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcHealthProperties.class)
public final class GrpcHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServingStatusMapper grpcHealthServingStatusMapper(GrpcHealthProperties properties) {
		return new SimpleServingStatusMapper(properties.getStatusMapping());
	}

	@Bean
	RegisteredGrpcServices grpcHealthRegisteredServices() {
		return new RegisteredGrpcServices();
	}

	@Bean(destroyMethod = "close")
	HealthEngine grpcHealthEngine(ObjectProvider<HealthContributorRegistry> registry,
			Map<String, HealthContributor> contributors, Map<String, ReactiveHealthContributor> reactiveContributors,
			ObjectProvider<HealthEndpointGroups> groups, ObjectProvider<StatusAggregator> aggregator,
			ServingStatusMapper mapper, ObjectProvider<ServingStatusListener> listeners,
			RegisteredGrpcServices registeredServices, GrpcHealthProperties properties) {
		HealthContributorRegistry contributorRegistry = registry.getIfAvailable();
		// Without the health endpoint there is no registry: read the contributor beans as
		// it would.
		ContributorSource source = (contributorRegistry != null) ? ActuatorHealth.contributors(contributorRegistry)
				: ActuatorHealth.contributors(contributors, reactiveContributors);
		HealthEngine.Builder engine = HealthEngine.builder(source)
			.groups(ActuatorHealth.groups(groups.getIfAvailable(),
					aggregator.getIfAvailable(StatusAggregator::getDefault)))
			.mapper(mapper)
			.overall(selection("grpc.health.overall", properties.getOverall()))
			.indicators(selection("grpc.health.indicators", properties.getIndicators()))
			.services(properties.getServices()
				.entrySet()
				.stream()
				.map((entry) -> new ServiceMapping(entry.getKey(), "grpc.health.services[" + entry.getKey() + "]",
						entry.getValue().getInclude(), entry.getValue().getExclude(), entry.getValue().getGroup()))
				.toList())
			.grpcServiceNames(registeredServices)
			.indicatorTimeout(properties.getIndicatorTimeout())
			.serviceSettings(new HealthServiceSettings(properties.getList().isEnabled(),
					properties.getList().getMaxServices(), properties.getWatch().getMaxUnknown()))
			.validateMembership(properties.isValidateMembership());
		listeners.orderedStream().forEach(engine::listener);
		return engine.build();
	}

	@Bean
	ServingStatusManager servingStatusManager(HealthEngine engine) {
		return engine.servingStatusManager();
	}

	@Bean
	GrpcHealthLifecycle grpcHealthLifecycle(ApplicationContext context, HealthEngine engine,
			GrpcHealthProperties properties, ObjectProvider<ApplicationAvailability> availability) {
		return new GrpcHealthLifecycle(context, engine, properties, availability);
	}

	private static NameSelection selection(String property, GrpcHealthProperties.Selection selection) {
		return NameSelection.of(property, selection.getInclude(), selection.getExclude());
	}

	/**
	 * Without net.devh: the service is a plain bean, for the application to register in
	 * its server.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("net.devh.boot.grpc.server.service.GrpcServiceDiscoverer")
	static class PlainServerConfiguration {

		@Bean
		HealthGrpcService healthGrpcService(HealthEngine engine) {
			return engine.grpcService();
		}

	}

	/**
	 * In a net.devh server: the service is registered as a {@code @GrpcService} (so
	 * global interceptors apply as to any service) and net.devh's own health service is
	 * filtered out.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(GrpcServiceDiscoverer.class)
	static class NetDevhServerConfiguration {

		// Not "grpcHealthService": that is net.devh's own health service bean, and a
		// second
		// definition of one name makes start-up fail (overriding is off in Spring Boot).
		@Bean
		@GrpcService
		HealthGrpcService healthGrpcService(HealthEngine engine) {
			return engine.grpcService();
		}

		@Bean
		static GrpcServiceDiscovererPostProcessor grpcHealthServiceDiscovererPostProcessor() {
			return new GrpcServiceDiscovererPostProcessor();
		}

	}

}
