package io.github.healthgrpc.boot4.autoconfigure;

import java.util.List;
import java.util.Map;

import io.github.healthgrpc.internal.boot.testing.IndicatorSwitch;
import io.github.healthgrpc.internal.boot.testing.SpringBootLine;
import io.github.healthgrpc.internal.boot.testing.TestApplicationSupport;
import io.github.healthgrpc.internal.boot.testing.TestApplicationSupport.GrpcServer;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerTerminatedEvent;

/**
 * Spring Boot 4, as the contracts of health-grpc-boot-common's test-jar need it: its
 * health API ({@code org.springframework.boot.health}) and auto-configurations (its
 * Micrometer ones moved too), and {@link TestGrpcApplication}.
 */
final class Boot4Line implements SpringBootLine {

	static final Boot4Line INSTANCE = new Boot4Line();

	/** Spring Boot 4's health and Actuator endpoint auto-configurations, and ours. */
	static final AutoConfigurations HEALTH_AND_HEALTH_GRPC = AutoConfigurations.of(
			ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
			HealthContributorRegistryAutoConfiguration.class, HealthContributorAutoConfiguration.class,
			HealthEndpointAutoConfiguration.class, DiskSpaceHealthContributorAutoConfiguration.class,
			GrpcHealthAutoConfiguration.class);

	/** Spring Boot's gRPC server, with Spring gRPC's lifecycle events. */
	private static final GrpcServer<GrpcServerStartedEvent> BOOT_SERVER = new GrpcServer<>("spring.grpc.server",
			GrpcServerStartedEvent.class, GrpcServerStartedEvent::getServer, GrpcServerShutdownEvent.class,
			GrpcServerTerminatedEvent.class);

	private Boot4Line() {
	}

	@Override
	public AutoConfigurations healthAndHealthGrpc() {
		return HEALTH_AND_HEALTH_GRPC;
	}

	@Override
	public AutoConfigurations healthGrpcAlone() {
		return AutoConfigurations.of(GrpcHealthAutoConfiguration.class);
	}

	@Override
	public ApplicationContextRunner withProbes(ApplicationContextRunner runner) {
		// On by default on Spring Boot 4, where their auto-configurations are.
		return runner.withConfiguration(AutoConfigurations.of(AvailabilityHealthContributorAutoConfiguration.class,
				AvailabilityProbesAutoConfiguration.class));
	}

	@Override
	public AutoConfigurations metrics() {
		return AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class);
	}

	@Override
	public AutoConfigurations metricsBinding() {
		return AutoConfigurations.of(MetricsAutoConfiguration.class);
	}

	@Override
	public Class<?> contributorType() {
		return HealthContributor.class;
	}

	@Override
	public Class<?> reactiveContributorType() {
		return ReactiveHealthContributor.class;
	}

	@Override
	public IndicatorSwitch indicator(String status) {
		return new SwitchableIndicator(status);
	}

	@Override
	public Object composite(Map<String, Object> members) {
		return CompositeHealthContributor.fromMap(members, HealthContributor.class::cast);
	}

	@Override
	public Object reactiveIndicator(String status) {
		return (ReactiveHealthIndicator) () -> Mono.just(Health.status(status).build());
	}

	@Override
	public Object reactiveComposite(Map<String, Object> members) {
		return CompositeReactiveHealthContributor.fromMap(members, ReactiveHealthContributor.class::cast);
	}

	@Override
	public void registerContributor(ApplicationContext context, String name, Object contributor) {
		context.getBean(HealthContributorRegistry.class).registerContributor(name, (HealthContributor) contributor);
	}

	@Override
	public Answer health(ApplicationContext context, String... path) {
		HealthContributor contributor = context.getBean(HealthContributorRegistry.class).getContributor(path[0]);
		for (int i = 1; i < path.length; i++) {
			contributor = ((CompositeHealthContributor) contributor).getContributor(path[i]);
		}
		Health health = ((HealthIndicator) contributor).health();
		return new Answer(health.getStatus().getCode(), health.getDetails());
	}

	@Override
	public String endpointStatus(ApplicationContext context, String... path) {
		HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
		return ((path.length > 0) ? endpoint.healthForPath(path) : endpoint.health()).getStatus().getCode();
	}

	@Override
	public List<Class<?>> healthEndpointBeans() {
		// The registries are not the endpoint's on Spring Boot 4.
		return List.of(HealthEndpoint.class, HealthEndpointGroups.class);
	}

	@Override
	public List<Class<?>> healthInfrastructureBeans() {
		return List.of(HealthEndpoint.class, HealthContributorRegistry.class, ReactiveHealthContributorRegistry.class);
	}

	@Override
	public Map<String, Object> json(Object value) {
		// Jackson 3, as Spring Boot 4's Actuator writes with.
		JsonMapper mapper = JsonMapper.builder().build();
		return mapper.readValue(mapper.writeValueAsString(value), new TypeReference<>() {
		});
	}

	@Override
	public ConfigurableApplicationContext start(String dbStatus, String... properties) {
		return TestApplicationSupport.start(this, TestGrpcApplication.class, BOOT_SERVER, dbStatus, properties);
	}

}
