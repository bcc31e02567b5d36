package io.github.healthgrpc.autoconfigure;

import java.util.Collection;

import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.health.v1.HealthGrpc;
import net.devh.boot.grpc.server.autoconfigure.GrpcHealthServiceAutoConfiguration;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import net.devh.boot.grpc.server.service.GrpcServiceDefinition;
import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules by which health-grpc takes the place of net.devh's health service, or backs
 * off.
 */
class NetDevhAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(Boot35Line.ACTUATOR_AND_HEALTH_GRPC)
		.withConfiguration(
				AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcHealthServiceAutoConfiguration.class));

	@Test
	void discoveryYieldsOnlyOurHealthService() {
		this.runner.run((context) -> {
			GrpcServiceDiscoverer discoverer = context.getBean(GrpcServiceDiscoverer.class);
			assertThat(discoverer).isInstanceOf(HealthServiceReplacingDiscoverer.class);
			assertThat(healthServices(discoverer.findGrpcServices())).singleElement()
				.satisfies((service) -> assertThat(service.getBeanClazz()).isEqualTo(HealthGrpcService.class));
		});
	}

	@Test
	void netDevhsOwnHealthServiceIsFilteredOutEvenWhenSwitchedOnExplicitly() {
		this.runner.withPropertyValues("grpc.server.health-service-enabled=true").run((context) -> {
			assertThat(context.getBeanNamesForType(io.grpc.BindableService.class)).contains("grpcHealthService",
					"healthGrpcService");
			assertThat(healthServices(context.getBean(GrpcServiceDiscoverer.class).findGrpcServices())).hasSize(1);
		});
	}

	@Test
	void whenDisabledNetDevhsDiscoveryAndHealthServiceAreUntouched() {
		this.runner.withPropertyValues("grpc.health.enabled=false").run((context) -> {
			GrpcServiceDiscoverer discoverer = context.getBean(GrpcServiceDiscoverer.class);
			assertThat(discoverer).isNotInstanceOf(HealthServiceReplacingDiscoverer.class);
			assertThat(healthServices(discoverer.findGrpcServices())).singleElement()
				.satisfies((service) -> assertThat(service.getBeanName()).isEqualTo("grpcHealthService"));
		});
	}

	@Test
	void withoutNetDevhTheServiceIsStillAvailableAsABean() {
		new ApplicationContextRunner().withConfiguration(Boot35Line.ACTUATOR_AND_HEALTH_GRPC)
			.withClassLoader(new FilteredClassLoader(GrpcServiceDiscoverer.class))
			.run((context) -> assertThat(context).hasSingleBean(HealthGrpcService.class)
				.doesNotHaveBean(RegisteredGrpcServices.class));
	}

	private static Collection<GrpcServiceDefinition> healthServices(Collection<GrpcServiceDefinition> services) {
		return services.stream()
			.filter((service) -> HealthGrpc.SERVICE_NAME
				.equals(service.getDefinition().getServiceDescriptor().getName()))
			.toList();
	}

}
