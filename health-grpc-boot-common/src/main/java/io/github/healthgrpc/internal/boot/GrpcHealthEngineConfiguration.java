package io.github.healthgrpc.internal.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusListener;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.engine.DampingSettings;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.engine.ServiceMapping;
import io.github.healthgrpc.internal.engine.SimpleServingStatusMapper;
import io.github.healthgrpc.internal.model.StatusAggregator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.metrics.ApplicationStartup;

/**
 * The engine, built from {@code grpc.health.*} and the line's {@link HealthSources}, with
 * the beans applications use and the lifecycle that starts it before the gRPC server and
 * shuts it down before the server stops. Imported by each line's auto-configuration.
 * <p>
 * Spring reads the signatures of every method here when it creates these beans, which
 * loads each type in them: what only an optional feature needs (the dedicated health
 * listener, the watched upstreams) stays out of them, and the code has loops where
 * lambdas would each be one more class to load at start-up.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GrpcHealthProperties.class)
public class GrpcHealthEngineConfiguration {

	/**
	 * The engine's bean name, by which the metrics auto-configuration asks for it.
	 */
	static final String ENGINE_BEAN = "grpcHealthEngine";

	@Bean
	@ConditionalOnMissingBean
	ServingStatusMapper grpcHealthServingStatusMapper(GrpcHealthProperties properties) {
		return new SimpleServingStatusMapper(properties.getStatusMapping());
	}

	@Bean(name = ENGINE_BEAN, destroyMethod = "close")
	HealthEngine grpcHealthEngine(HealthSources sources, ServingStatusMapper mapper,
			ObjectProvider<ServingStatusListener> listeners, GrpcHealthProperties properties, BeanFactory beanFactory) {
		// By name: the client classes stay unloaded where no upstream is watched.
		boolean upstreamsWatched = beanFactory.containsBean(GrpcHealthClientConfiguration.CLIENTS_BEAN);
		List<ServiceMapping> services = new ArrayList<>();
		for (Map.Entry<String, GrpcHealthProperties.Service> entry : properties.getServices().entrySet()) {
			GrpcHealthProperties.Service service = entry.getValue();
			services.add(new ServiceMapping(entry.getKey(), "grpc.health.services[" + entry.getKey() + "]",
					service.getInclude(), service.getExclude(), service.getGroup(), order(service.getStatusOrder()),
					mapping(service.getStatusMapping(), mapper)));
		}
		HealthEngine.Builder engine = HealthEngine.builder(sources.contributors())
			.groups(sources.primaryGroup(), sources.groups())
			.mapper(mapper)
			.overall(overall(properties.getOverall(), upstreamsWatched), properties.getOverall().isFollowIndicators())
			.indicators("grpc.health.indicators", properties.getIndicators().getInclude(),
					properties.getIndicators().getExclude())
			.services(services)
			.grpcServiceNames(sources.grpcServiceNames())
			.indicatorTimeout(properties.getIndicatorTimeout())
			.serviceSettings(properties.getList().isEnabled(), properties.getList().getMaxServices(),
					properties.getWatch().getMaxUnknown())
			.validateMembership(properties.isValidateMembership());
		// Only when some is set: without damping, nothing of it is loaded.
		GrpcHealthProperties.Damping damping = properties.getDamping();
		Map<String, DampingSettings> dampingByName = dampingByName(properties);
		if (isSet(damping) || !dampingByName.isEmpty()) {
			engine.damping(
					new DampingSettings(orDefault(damping.getDownAfter(), null), orDefault(damping.getUpAfter(), null)),
					dampingByName, AVAILABILITY_CONTRIBUTORS);
		}
		for (ServingStatusListener listener : listeners.orderedStream().toList()) {
			engine.listener(listener);
		}
		return engine.build();
	}

	@Bean
	ServingStatusManager servingStatusManager(HealthEngine engine) {
		return engine.servingStatusManager();
	}

	/**
	 * The {@code grpchealth} Actuator endpoint, when the application exposes it. Here
	 * rather than in an auto-configuration of its own: that would be one more class to
	 * load, and the engine it reads is defined here.
	 */
	@Bean
	@ConditionalOnAvailableEndpoint
	GrpcHealthEndpoint grpcHealthEndpoint(HealthEngine engine, HealthSources sources) {
		return new GrpcHealthEndpoint(engine, sources.showDetails());
	}

	@Bean
	GrpcHealthLifecycle grpcHealthLifecycle(ApplicationContext context, ApplicationStartup startup, HealthEngine engine,
			GrpcHealthProperties properties, ObjectProvider<ApplicationAvailability> availability) {
		return new GrpcHealthLifecycle(context, startup, engine, properties, availability);
	}

	/**
	 * The dedicated plaintext health listener, with {@code grpc.health.server.port}; the
	 * line supplies its transport. Apart, so that nothing of the listener is loaded
	 * without it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(HealthListener.PORT_SETTING)
	@EnableConfigurationProperties(GrpcHealthServerProperties.class)
	static class HealthListenerConfiguration {

		@Bean(HealthListener.BEAN_NAME)
		HealthListener grpcHealthListener(HealthEngine engine, GrpcHealthServerProperties properties,
				ObjectProvider<HealthServerTransport> transport, ConfigurableEnvironment environment) {
			HealthServerTransport serverTransport = transport.getIfAvailable();
			if (serverTransport == null) {
				throw new IllegalStateException("grpc.health.server.port is set, but no gRPC server transport for the "
						+ "dedicated health listener is available: it needs the Netty transport of the gRPC server "
						+ "(grpc-netty-shaded with net.devh, grpc-netty with Spring Boot's gRPC server)");
			}
			return new HealthListener(serverTransport, engine.newListenerService(), properties, environment);
		}

	}

	/**
	 * What {@code ""} aggregates, and in which order. The watched upstreams
	 * ({@code grpcClients}) are left out unless {@code grpc.health.overall.include} names
	 * them: one downstream's blip must not turn this whole server NOT_SERVING, and with
	 * it every client and probe of it.
	 */
	static ServiceMapping overall(GrpcHealthProperties.Overall overall, boolean upstreamsWatched) {
		Set<String> exclude = new LinkedHashSet<>(overall.getExclude());
		boolean included = false;
		for (String pattern : overall.getInclude()) {
			included |= pattern.equals(GrpcHealthClients.CONTRIBUTOR_NAME)
					|| pattern.startsWith(GrpcHealthClients.CONTRIBUTOR_NAME + "/");
		}
		if (upstreamsWatched && !included) {
			exclude.add(GrpcHealthClients.CONTRIBUTOR_NAME);
		}
		return new ServiceMapping("", "grpc.health.overall", overall.getInclude(), exclude, null,
				order(overall.getStatusOrder()), null);
	}

	/**
	 * The contributors of Spring Boot's availability states: their changes are shown at
	 * once, damping or not.
	 */
	static final Set<String> AVAILABILITY_CONTRIBUTORS = Set.of("livenessState", "readinessState");

	private static boolean isSet(GrpcHealthProperties.Damping damping) {
		return damping.getDownAfter() != null || damping.getUpAfter() != null;
	}

	private static Duration orDefault(@Nullable Duration duration, @Nullable Duration fallback) {
		return (duration != null) ? duration : (fallback != null) ? fallback : Duration.ZERO;
	}

	/**
	 * The names with damping of their own; what one does not set is the global setting's.
	 * No method here returns a {@link DampingSettings}: Spring reads the signature of
	 * every one, which would load it without damping.
	 */
	static Map<String, DampingSettings> dampingByName(GrpcHealthProperties properties) {
		GrpcHealthProperties.Damping defaults = properties.getDamping();
		Map<String, DampingSettings> byName = new LinkedHashMap<>();
		for (Map.Entry<String, GrpcHealthProperties.Service> service : properties.getServices().entrySet()) {
			GrpcHealthProperties.Damping own = service.getValue().getDamping();
			if (isSet(own)) {
				byName.put(service.getKey(), new DampingSettings(orDefault(own.getDownAfter(), defaults.getDownAfter()),
						orDefault(own.getUpAfter(), defaults.getUpAfter())));
			}
		}
		return byName;
	}

	/** A name's own status order, if it has one. */
	static @Nullable StatusAggregator order(List<String> order) {
		return order.isEmpty() ? null : StatusAggregator.ordered(order);
	}

	/**
	 * A name's own mapping, if it has one: it falls back to the application's mapper for
	 * every code it does not list.
	 */
	static @Nullable ServingStatusMapper mapping(Map<String, ServingStatus> mapping, ServingStatusMapper mapper) {
		return mapping.isEmpty() ? null : new SimpleServingStatusMapper(mapping, mapper);
	}

}
