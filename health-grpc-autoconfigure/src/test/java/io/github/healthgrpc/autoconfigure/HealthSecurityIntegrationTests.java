package io.github.healthgrpc.autoconfigure;

import java.util.List;

import io.github.healthgrpc.internal.boot.testing.BootHealthSecurityContract;
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
class HealthSecurityIntegrationTests extends BootHealthSecurityContract {

	HealthSecurityIntegrationTests() {
		super(Boot35Line.INSTANCE);
	}

	@Override
	protected Class<?> securityConfiguration() {
		return BasicAuthSecurity.class;
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
