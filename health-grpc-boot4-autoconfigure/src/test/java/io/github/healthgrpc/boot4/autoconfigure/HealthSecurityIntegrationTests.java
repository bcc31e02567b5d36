package io.github.healthgrpc.boot4.autoconfigure;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.internal.boot.testing.BootHealthSecurityContract;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * {@code grpc.health.security.allow-unauthenticated} with Spring gRPC's security on
 * Spring Boot's gRPC server, every call authenticated (HTTP basic).
 */
class HealthSecurityIntegrationTests extends BootHealthSecurityContract {

	HealthSecurityIntegrationTests() {
		super(Boot4Line.INSTANCE);
	}

	@Override
	protected Class<?> securityConfiguration() {
		return BasicAuthSecurity.class;
	}

	@Test
	void withThePropertyCheckGoesPastTheSecurityInterceptorSoItsCredentialsAreNotLookedAt() {
		startApplication("grpc.health.security.allow-unauthenticated=true");
		assertThat(check(withBasic(USER, "wrong"), "db")).isEqualTo(ServingStatus.SERVING);
	}

	/**
	 * Spring gRPC's security as its documentation sets it up: HTTP basic, every method
	 * authenticated.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BasicAuthSecurity {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername(USER).password("{noop}" + PASSWORD).roles("USER").build());
		}

		@Bean
		@GlobalServerInterceptor
		AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc) throws Exception {
			return grpc.authorizeRequests((requests) -> requests.allRequests().authenticated())
				.httpBasic(withDefaults())
				.build();
		}

	}

}
