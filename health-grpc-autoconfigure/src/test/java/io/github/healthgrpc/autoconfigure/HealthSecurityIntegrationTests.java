package io.github.healthgrpc.autoconfigure;

import java.util.List;

import com.google.protobuf.Empty;
import io.github.healthgrpc.testing.HealthSecurityContract;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import net.devh.boot.grpc.server.security.authentication.BasicGrpcAuthenticationReader;
import net.devh.boot.grpc.server.security.authentication.GrpcAuthenticationReader;
import net.devh.boot.grpc.server.security.check.AccessPredicate;
import net.devh.boot.grpc.server.security.check.AccessPredicateVoter;
import net.devh.boot.grpc.server.security.check.GrpcSecurityMetadataSource;
import net.devh.boot.grpc.server.security.check.ManualGrpcSecurityMetadataSource;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.AccessDecisionManager;
import org.springframework.security.access.vote.UnanimousBased;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code grpc.health.security.allow-unauthenticated} with net.devh's Spring Security
 * integration, every call authenticated by default (HTTP basic).
 */
class HealthSecurityIntegrationTests extends HealthSecurityContract {

	@Override
	protected AutoCloseable start(String... properties) {
		String[] all = new String[properties.length + 1];
		all[0] = "spring.main.sources=" + BasicAuthSecurity.class.getName();
		System.arraycopy(properties, 0, all, 1, properties.length);
		return TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.UP, all);
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
	void withThePropertyWrongCredentialsOnCheckAreStillRefused() {
		startApplication("grpc.health.security.allow-unauthenticated=true");
		assertThat(refusal(() -> check(withBasic(USER, "wrong"), ""))).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	/**
	 * net.devh's Spring Security integration as its documentation sets it up: HTTP basic,
	 * every method authenticated unless said otherwise.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BasicAuthSecurity {

		@Bean
		AuthenticationManager authenticationManager() {
			DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
					User.withUsername(USER).password("{noop}" + PASSWORD).roles("USER").build()));
			return new ProviderManager(provider);
		}

		@Bean
		GrpcAuthenticationReader authenticationReader() {
			return new BasicGrpcAuthenticationReader();
		}

		@Bean
		GrpcSecurityMetadataSource grpcSecurityMetadataSource() {
			return new ManualGrpcSecurityMetadataSource().setDefault(AccessPredicate.authenticated());
		}

		@Bean
		@SuppressWarnings("deprecation")
		AccessDecisionManager accessDecisionManager() {
			return new UnanimousBased(List.of(new AccessPredicateVoter()));
		}

	}

}
