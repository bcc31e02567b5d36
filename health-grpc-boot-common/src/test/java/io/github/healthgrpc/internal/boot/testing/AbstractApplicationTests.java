package io.github.healthgrpc.internal.boot.testing;

import io.github.healthgrpc.testing.CanonicalHealthClient;
import org.junit.jupiter.api.AfterEach;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tests of a Spring Boot line's test application, over TCP on 127.0.0.1: each starts the
 * application, which is closed after the test unless the test closed it itself, and asks
 * it with a canonical client.
 */
public abstract class AbstractApplicationTests {

	private final SpringBootLine line;

	private final CanonicalHealthClient client = new CanonicalHealthClient(TestApplicationSupport::port);

	private ConfigurableApplicationContext context;

	protected AbstractApplicationTests(SpringBootLine line) {
		this.line = line;
	}

	@AfterEach
	void closeApplication() throws InterruptedException {
		this.client.close();
		if (this.context != null) {
			this.context.close();
		}
	}

	/**
	 * Starts the line's test application.
	 * @param dbStatus the status code of its {@code db} indicator at first
	 * @param properties more properties
	 * @return the started application
	 */
	protected final ConfigurableApplicationContext start(String dbStatus, String... properties) {
		this.context = this.line.start(dbStatus, properties);
		return this.context;
	}

	/**
	 * The started application.
	 * @return the application
	 */
	protected final ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * The started application, which the test closes itself.
	 * @return the application
	 */
	protected final ConfigurableApplicationContext applicationToClose() {
		ConfigurableApplicationContext closing = this.context;
		this.context = null;
		return closing;
	}

	/**
	 * A plaintext canonical client of the application's gRPC server.
	 * @return the client
	 */
	protected final CanonicalHealthClient client() {
		return this.client;
	}

}
