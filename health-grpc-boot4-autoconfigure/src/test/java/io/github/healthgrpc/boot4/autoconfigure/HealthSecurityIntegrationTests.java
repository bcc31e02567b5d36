package io.github.healthgrpc.boot4.autoconfigure;

import com.google.protobuf.Empty;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.testing.HealthSecurityContract;
import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
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
class HealthSecurityIntegrationTests extends HealthSecurityContract {

	@Override
	protected AutoCloseable start(String... properties) {
		String[] all = new String[properties.length + 1];
		all[0] = "spring.main.sources=" + BasicAuthSecurity.class.getName();
		System.arraycopy(properties, 0, all, 1, properties.length);
		return TestGrpcApplication.start(Status.UP, all);
	}

	@Override
	protected int port() {
		return TestGrpcApplication.port();
	}

	@Override
	protected MethodDescriptor<Empty, Empty> applicationMethod() {
		return TestGrpcApplication.ECHO;
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
