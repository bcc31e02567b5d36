package io.github.healthgrpc.boot4.autoconfigure;

import io.github.healthgrpc.internal.boot.testing.TestApplicationSupport;
import io.grpc.BindableService;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot 4 gRPC application for integration tests, with every auto-configuration
 * of the class path and one gRPC service of its own, {@code test.Echo}; started by
 * {@link Boot4Line#start}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestGrpcApplication {

	@Bean
	BindableService echoService() {
		return TestApplicationSupport::echoService;
	}

}
