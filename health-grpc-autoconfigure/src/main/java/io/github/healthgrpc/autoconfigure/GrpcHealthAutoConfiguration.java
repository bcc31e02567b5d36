package io.github.healthgrpc.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.healthgrpc.bridge.ContributorEvaluator;
import io.github.healthgrpc.bridge.ContributorPathPredicate;
import io.github.healthgrpc.bridge.HealthNameCatalog;
import io.github.healthgrpc.bridge.HealthStatusUpdater;
import io.github.healthgrpc.bridge.ServiceMapping;
import io.github.healthgrpc.bridge.ServingStatusManager;
import io.github.healthgrpc.bridge.ServingStatusMapper;
import io.github.healthgrpc.bridge.SimpleServingStatusMapper;
import io.github.healthgrpc.protocol.HealthGrpcService;
import io.github.healthgrpc.protocol.HealthServiceSettings;
import io.github.healthgrpc.protocol.HealthStatusTable;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse;
import net.devh.boot.grpc.server.service.GrpcService;
import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.DefaultHealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorNameFactory;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves {@code grpc.health.v1.Health} from Actuator health: the status table, the gRPC service, the
 * bridge that keeps the table in step with the health contributors, and the start and shutdown
 * lifecycle. In a net.devh gRPC server it replaces net.devh's own health service.
 */
@AutoConfiguration(
		after = { HealthEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				ApplicationAvailabilityAutoConfiguration.class },
		beforeName = "net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration")
@ConditionalOnClass({ BindableService.class, HealthCheckResponse.class, HealthContributor.class })
@ConditionalOnBooleanProperty(name = "grpc.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcHealthProperties.class)
public class GrpcHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HealthStatusTable healthStatusTable() {
		return new HealthStatusTable();
	}

	@Bean
	@ConditionalOnMissingBean
	HealthGrpcService healthGrpcService(HealthStatusTable table, GrpcHealthProperties properties) {
		return newHealthService(table, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ServingStatusMapper grpcHealthServingStatusMapper(GrpcHealthProperties properties) {
		return new SimpleServingStatusMapper(properties.getStatusMapping());
	}

	@Bean
	@ConditionalOnMissingBean
	RegisteredGrpcServices registeredGrpcServices() {
		return new RegisteredGrpcServices();
	}

	@Bean
	@ConditionalOnMissingBean
	HealthNameCatalog grpcHealthNameCatalog(GrpcHealthProperties properties,
			ObjectProvider<HealthEndpointGroups> groups, ObjectProvider<StatusAggregator> aggregator,
			RegisteredGrpcServices registeredServices) {
		Map<String, ServiceMapping> services = properties.getServices()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey,
					(entry) -> new ServiceMapping(entry.getValue().getInclude(), entry.getValue().getExclude(),
							entry.getValue().getGroup()),
					(a, b) -> a, LinkedHashMap::new));
		return new HealthNameCatalog(groups.getIfAvailable(),
				aggregator.getIfAvailable(StatusAggregator::getDefault),
				selection(properties.getOverall()), selection(properties.getIndicators()), services,
				registeredServices);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	HealthStatusUpdater grpcHealthStatusUpdater(ObjectProvider<HealthContributorRegistry> registry,
			Map<String, HealthContributor> contributors, HealthNameCatalog catalog, ServingStatusMapper mapper,
			HealthStatusTable table, GrpcHealthProperties properties) {
		// Without the health endpoint there is no registry bean: read the contributor beans as it would.
		HealthContributorRegistry contributorRegistry = registry
			.getIfAvailable(() -> new DefaultHealthContributorRegistry(contributors,
					HealthContributorNameFactory.INSTANCE));
		return new HealthStatusUpdater(contributorRegistry, catalog,
				new ContributorEvaluator(properties.getIndicatorTimeout()), mapper, table);
	}

	@Bean
	@ConditionalOnMissingBean
	ServingStatusManager servingStatusManager(HealthStatusTable table, HealthGrpcService service,
			HealthStatusUpdater updater) {
		return new ServingStatusManager(table, service, updater);
	}

	@Bean
	@ConditionalOnMissingBean
	GrpcHealthLifecycle grpcHealthLifecycle(ApplicationContext context, HealthStatusTable table,
			HealthGrpcService service, HealthStatusUpdater updater,
			ObjectProvider<ApplicationAvailability> availability, GrpcHealthProperties properties) {
		return new GrpcHealthLifecycle(context, table, service, updater, availability, properties);
	}

	private static ContributorPathPredicate selection(GrpcHealthProperties.Selection selection) {
		return ContributorPathPredicate.of(selection.getInclude(), selection.getExclude());
	}

	static HealthGrpcService newHealthService(HealthStatusTable table, GrpcHealthProperties properties) {
		return new HealthGrpcService(table, new HealthServiceSettings(properties.getList().isEnabled(),
				properties.getList().getMaxServices(), properties.getWatch().getMaxUnknown()));
	}

	/**
	 * In a net.devh server: our service is registered as a {@code @GrpcService} (so global interceptors
	 * apply as to any service) and net.devh's own health service is filtered out.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(GrpcServiceDiscoverer.class)
	static class NetDevhServerConfiguration {

		@Bean
		@GrpcService
		@ConditionalOnMissingBean
		HealthGrpcService healthGrpcService(HealthStatusTable table, GrpcHealthProperties properties) {
			return newHealthService(table, properties);
		}

		@Bean
		static GrpcServiceDiscovererPostProcessor grpcHealthServiceDiscovererPostProcessor() {
			return new GrpcServiceDiscovererPostProcessor();
		}

	}

}
