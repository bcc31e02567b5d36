package io.github.healthgrpc.internal.boot;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.engine.DampingSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.entry;

/**
 * The checks made once binding is done: each names the property and the value, durations
 * in milliseconds whatever unit they were written in.
 */
class GrpcHealthPropertiesTests {

	private final GrpcHealthProperties properties = new GrpcHealthProperties();

	@Test
	void theDefaultsPass() {
		assertThatNoException().isThrownBy(this.properties::afterPropertiesSet);
	}

	@Test
	void aRefreshIntervalBelowTheFloorIsRefused() {
		this.properties.setRefreshInterval(Duration.ofMillis(99));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageStartingWith("grpc.health.refresh-interval must be at least 100ms, was 99ms");
	}

	@Test
	void aZeroIndicatorTimeoutIsRefused() {
		this.properties.setIndicatorTimeout(Duration.ZERO);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.indicator-timeout must be a positive duration, was 0ms");
	}

	@Test
	void aNegativeDrainDelayIsRefused() {
		this.properties.getShutdown().setDrainDelay(Duration.ofSeconds(-1));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.shutdown.drain-delay must be zero or positive, was -1000ms");
	}

	@Test
	void capsBelowOneAreRefused() {
		this.properties.getList().setMaxServices(0);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageContaining("grpc.health.list.max-services");
		this.properties.getList().setMaxServices(1);
		this.properties.getWatch().setMaxUnknown(0);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageContaining("grpc.health.watch.max-unknown");
	}

	@Test
	void aHealthListenerPortOutsideTheRangeIsRefused() {
		GrpcHealthServerProperties server = new GrpcHealthServerProperties();
		server.setPort(65536);
		assertThatIllegalArgumentException().isThrownBy(server::afterPropertiesSet)
			.withMessageStartingWith(
					"grpc.health.server.port must be between 0 (a random free port) and 65535, " + "was 65536");
		server.setPort(-1);
		assertThatIllegalArgumentException().isThrownBy(server::afterPropertiesSet).withMessageContaining("was -1");
		server.setPort(0);
		assertThatNoException().isThrownBy(server::afterPropertiesSet);
	}

	@Test
	void aHealthListenerAddressThatIsNoAddressNamesTheProperty() {
		// A host:port slip: an IPv6 literal that is not one fails at once, with no DNS
		// look-up.
		Binder binder = new Binder(
				List.of(new MapConfigurationPropertySource(Map.of("grpc.health.server.address", "0.0.0.0:9091"))), null,
				ApplicationConversionService.getSharedInstance());
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> binder.bind(GrpcHealthServerProperties.PREFIX,
					Bindable.ofInstance(new GrpcHealthServerProperties())))
			.withMessageContaining("grpc.health.server.address");
	}

	@Test
	void aHealthListenerAddressBinds() {
		Binder binder = new Binder(
				List.of(new MapConfigurationPropertySource(
						Map.of("grpc.health.server.address", "127.0.0.1", "grpc.health.server.port", "9091"))),
				null, ApplicationConversionService.getSharedInstance());
		GrpcHealthServerProperties bound = binder
			.bind(GrpcHealthServerProperties.PREFIX, Bindable.ofInstance(new GrpcHealthServerProperties()))
			.get();
		assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(bound.getPort()).isEqualTo(9091);
	}

	@Test
	void aServiceBindsItsOwnStatusMappingAndOrder() {
		GrpcHealthProperties bound = bind(Map.of("grpc.health.services[acme.Echo].include", "db",
				"grpc.health.services[acme.Echo].status-mapping.DEGRADED", "not_serving",
				"grpc.health.services[acme.Echo].status-order", "DOWN,DEGRADED,UP", "grpc.health.overall.status-order",
				"DEGRADED,DOWN,UP", "grpc.health.overall.follow-indicators", "false"));
		GrpcHealthProperties.Service echo = bound.getServices().get("acme.Echo");
		assertThat(echo.getStatusMapping()).containsExactly(Map.entry("DEGRADED", ServingStatus.NOT_SERVING));
		assertThat(echo.getStatusOrder()).containsExactly("DOWN", "DEGRADED", "UP");
		assertThat(bound.getOverall().getStatusOrder()).containsExactly("DEGRADED", "DOWN", "UP");
		assertThat(bound.getOverall().isFollowIndicators()).isFalse();
	}

	@Test
	void aServiceStatusMappingToNoServingStatusNamesTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("grpc.health.services[acme.Echo].status-mapping.DEGRADED", "DEGRADED")))
			.withMessageContaining("grpc.health.services[acme.Echo].status-mapping.degraded");
	}

	@Test
	void anEmptyCodeInAStatusOrderIsRefused() {
		this.properties.getServices().put("acme.Echo", new GrpcHealthProperties.Service());
		this.properties.getServices().get("acme.Echo").setStatusOrder(List.of("DOWN", " ", "UP"));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageStartingWith("grpc.health.services[acme.Echo].status-order has an empty status code");
		this.properties.getServices().clear();
		this.properties.getOverall().setStatusOrder(List.of(""));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageStartingWith("grpc.health.overall.status-order has an empty status code");
	}

	private static GrpcHealthProperties bind(Map<String, String> values) {
		Binder binder = new Binder(List.of(new MapConfigurationPropertySource(values)), null,
				ApplicationConversionService.getSharedInstance());
		return binder.bind("grpc.health", Bindable.ofInstance(new GrpcHealthProperties())).get();
	}

	@Test
	void dampingBindsWithBareNumbersAsSecondsAndAServiceKeepsWhatItDoesNotSet() {
		GrpcHealthProperties bound = bind(Map.of("grpc.health.damping.down-after", "15", "grpc.health.damping.up-after",
				"500ms", "grpc.health.services[acme.Echo].include", "db",
				"grpc.health.services[acme.Echo].damping.down-after", "0"));
		assertThat(bound.getDamping().getDownAfter()).isEqualTo(Duration.ofSeconds(15));
		assertThat(bound.getDamping().getUpAfter()).isEqualTo(Duration.ofMillis(500));
		assertThat(GrpcHealthEngineConfiguration.dampingByName(bound))
			.containsExactly(entry("acme.Echo", new DampingSettings(Duration.ZERO, Duration.ofMillis(500))));
		GrpcHealthProperties upOnly = bind(Map.of("grpc.health.services[acme.Echo].include", "db",
				"grpc.health.services[acme.Echo].damping.up-after", "2", "grpc.health.services[acme.Other].include",
				"db"));
		assertThat(GrpcHealthEngineConfiguration.dampingByName(upOnly))
			.containsExactly(entry("acme.Echo", new DampingSettings(Duration.ZERO, Duration.ofSeconds(2))));
	}

	@Test
	void aNegativeDampingIsRefusedNamingTheProperty() {
		this.properties.getDamping().setUpAfter(Duration.ofSeconds(-1));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.damping.up-after must be zero or positive, was -1000ms");
		this.properties.getDamping().setUpAfter(null);
		GrpcHealthProperties.Service echo = new GrpcHealthProperties.Service();
		echo.getDamping().setDownAfter(Duration.ofMillis(-5));
		this.properties.getServices().put("acme.Echo", echo);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.services[acme.Echo].damping.down-after must be zero or positive, was -5ms");
	}

}
