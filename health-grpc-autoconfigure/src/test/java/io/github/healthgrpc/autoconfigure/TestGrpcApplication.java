package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.boot.testing.TestApplicationSupport;
import io.grpc.BindableService;
import net.devh.boot.grpc.server.service.GrpcService;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A net.devh gRPC application for integration tests, with one gRPC service of its own,
 * {@code test.Echo}; started by {@link Boot35Line#start}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestGrpcApplication {

	@Bean
	@GrpcService
	BindableService echoService() {
		return TestApplicationSupport::echoService;
	}

}
