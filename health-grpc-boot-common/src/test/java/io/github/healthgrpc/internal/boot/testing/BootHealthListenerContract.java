package io.github.healthgrpc.internal.boot.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.google.protobuf.Empty;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.testing.HealthListenerContract;
import io.grpc.MethodDescriptor;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;

/**
 * health-grpc-core's {@link HealthListenerContract} in a Spring Boot line's test
 * application, which records what the health port answers when the main server has
 * started and when it has terminated. Each line's test extends this with its
 * {@link SpringBootLine} and the properties that put its gRPC server on TLS.
 */
public abstract class BootHealthListenerContract extends HealthListenerContract {

	private final SpringBootLine line;

	private final List<ServingStatus> whenStarted = new CopyOnWriteArrayList<>();

	private final List<ServingStatus> whenTerminated = new CopyOnWriteArrayList<>();

	private ConfigurableApplicationContext context;

	protected BootHealthListenerContract(SpringBootLine line) {
		this.line = line;
	}

	@Override
	protected AutoCloseable start(boolean dbUp, String... properties) {
		TestApplicationSupport.whenServerStarted(recordInto(this.whenStarted));
		TestApplicationSupport.whenServerTerminated(recordInto(this.whenTerminated));
		this.context = this.line.start(dbUp ? "UP" : "DOWN", properties);
		return this.context;
	}

	@Override
	protected List<ServingStatus> answersWhenMainServerStarted() {
		return this.whenStarted;
	}

	@Override
	protected List<ServingStatus> answersWhenMainServerTerminated() {
		return this.whenTerminated;
	}

	@Override
	protected void setDb(boolean up) {
		indicator(this.context, "db").setStatus(up ? "UP" : "DOWN");
	}

	@Override
	protected int mainPort() {
		return TestApplicationSupport.port();
	}

	@Override
	protected <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	protected MethodDescriptor<Empty, Empty> applicationMethod() {
		return TestApplicationSupport.ECHO;
	}

	/** Records what the health port answers, where the application has one. */
	private static Consumer<ApplicationContext> recordInto(List<ServingStatus> answers) {
		return (context) -> {
			if (context.getEnvironment().containsProperty(PORT_PROPERTY)) {
				answers.add(checkOnHealthPort(context.getEnvironment()));
			}
		};
	}

}
