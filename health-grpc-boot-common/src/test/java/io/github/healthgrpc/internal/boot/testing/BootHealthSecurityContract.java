package io.github.healthgrpc.internal.boot.testing;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Empty;
import io.github.healthgrpc.testing.HealthSecurityContract;
import io.grpc.MethodDescriptor;

/**
 * health-grpc-core's {@link HealthSecurityContract} in a Spring Boot line's test
 * application, its {@code db} indicator UP. Each line's test extends this with its
 * {@link SpringBootLine} and the configuration of its gRPC security.
 */
public abstract class BootHealthSecurityContract extends HealthSecurityContract {

	private final SpringBootLine line;

	protected BootHealthSecurityContract(SpringBootLine line) {
		this.line = line;
	}

	/**
	 * The line's gRPC security as its documentation sets it up: HTTP basic, user
	 * {@value #USER}, password {@value #PASSWORD}, every call authenticated.
	 * @return a Spring configuration class
	 */
	protected abstract Class<?> securityConfiguration();

	@Override
	protected AutoCloseable start(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.sources=" + securityConfiguration().getName()));
		all.addAll(List.of(properties));
		return this.line.start("UP", all.toArray(String[]::new));
	}

	@Override
	protected int port() {
		return TestApplicationSupport.port();
	}

	@Override
	protected MethodDescriptor<Empty, Empty> applicationMethod() {
		return TestApplicationSupport.ECHO;
	}

}
