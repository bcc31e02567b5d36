package io.github.healthgrpc.autoconfigure;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.healthgrpc.internal.boot.testing.IndicatorSwitch;
import io.github.healthgrpc.internal.boot.testing.SpringBootLine;
import io.github.healthgrpc.internal.boot.testing.TestApplicationSupport;
import io.github.healthgrpc.internal.boot.testing.TestApplicationSupport.GrpcServer;
import net.devh.boot.grpc.server.event.GrpcServerShutdownEvent;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import net.devh.boot.grpc.server.event.GrpcServerTerminatedEvent;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.system.DiskSpaceHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.CompositeReactiveHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.ReactiveHealthContributor;
import org.springframework.boot.actuate.health.ReactiveHealthContributorRegistry;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot 3.5 with net.devh, as the contracts of health-grpc-boot-common's test-jar
 * need it: Actuator's health API ({@code org.springframework.boot.actuate.health}) and
 * auto-configurations, and {@link TestGrpcApplication}.
 */
final class Boot35Line implements SpringBootLine {

	static final Boot35Line INSTANCE = new Boot35Line();

	/** Actuator's health auto-configurations, the availability ones too, and ours. */
	static final AutoConfigurations ACTUATOR_AND_HEALTH_GRPC = AutoConfigurations.of(
			ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
			HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			DiskSpaceHealthContributorAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
			AvailabilityProbesAutoConfiguration.class, GrpcHealthAutoConfiguration.class);

	/** net.devh's gRPC server. */
	private static final GrpcServer<GrpcServerStartedEvent> NET_DEVH_SERVER = new GrpcServer<>("grpc.server",
			GrpcServerStartedEvent.class, GrpcServerStartedEvent::getServer, GrpcServerShutdownEvent.class,
			GrpcServerTerminatedEvent.class);

	private Boot35Line() {
	}

	@Override
	public AutoConfigurations healthAndHealthGrpc() {
		return ACTUATOR_AND_HEALTH_GRPC;
	}

	@Override
	public AutoConfigurations healthGrpcAlone() {
		return AutoConfigurations.of(GrpcHealthAutoConfiguration.class);
	}

	@Override
	public ApplicationContextRunner withProbes(ApplicationContextRunner runner) {
		// Off by default outside Kubernetes on Spring Boot 3.5.
		return runner.withPropertyValues("management.endpoint.health.probes.enabled=true");
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
		// The registries are the health endpoint's configuration's on Spring Boot 3.5.
		return List.of(HealthEndpoint.class, HealthEndpointGroups.class, HealthContributorRegistry.class,
				ReactiveHealthContributorRegistry.class);
	}

	@Override
	public List<Class<?>> healthInfrastructureBeans() {
		return healthEndpointBeans();
	}

	@Override
	public Map<String, Object> json(Object value) throws Exception {
		ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
		return mapper.readValue(mapper.writeValueAsString(value), new TypeReference<>() {
		});
	}

	@Override
	public ConfigurableApplicationContext start(String dbStatus, String... properties) {
		return TestApplicationSupport.start(this, TestGrpcApplication.class, NET_DEVH_SERVER, dbStatus, properties);
	}

}
