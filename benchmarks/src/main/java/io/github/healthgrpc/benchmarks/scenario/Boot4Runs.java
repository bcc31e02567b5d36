package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.healthgrpc.benchmarks.support.ChildClasspath;
import io.github.healthgrpc.benchmarks.support.ChildJvm;

/**
 * Starting the Spring Boot 4.1 benchmark application ({@code benchmarks-boot4-app}) in a
 * fresh JVM, as the Boot 4.1 scenarios do: with health-grpc-boot4-starter, or without
 * health-grpc's jars, so that Spring Boot 4.1's own health service serves
 * {@code grpc.health.v1.Health}.
 */
public final class Boot4Runs {

	static final String MAIN_CLASS = "io.github.healthgrpc.benchmarks.boot4.Boot4BenchmarkApp";

	/**
	 * The same application arguments for every variant: random port on 127.0.0.1, quiet
	 * logs, probes on (as {@link AppRuns#COMMON_ARGS} for the Boot 3.5 application).
	 */
	public static final List<String> COMMON_ARGS = List.of("--spring.grpc.server.port=0",
			"--spring.grpc.server.address=127.0.0.1", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
			"--management.endpoint.health.probes.enabled=true");

	/**
	 * What Spring Boot's own health service is given: {@code ""} it publishes anyway; the
	 * scenarios also watch {@code db}, which it publishes only when declared. Everything
	 * else stays at its defaults (update every 5 s, first update 5 s after the server
	 * starts).
	 */
	public static final List<String> BUILT_IN_ARGS = List.of("--spring.grpc.server.health.service.db.include=db");

	/** The two health services compared on Spring Boot 4.1. */
	enum Variant {

		HEALTH_GRPC("health-grpc (Boot 4.1)", "HealthGrpcService"),

		BUILT_IN("Boot 4.1 built-in", "HealthServiceImpl");

		private final String label;

		private final String healthClass;

		Variant(String label, String healthClass) {
			this.label = label;
			this.healthClass = healthClass;
		}

		String label() {
			return this.label;
		}

	}

	/**
	 * The health contributors of the application, as the first start that got ready
	 * listed them (for the page), or {@code null}.
	 */
	private static volatile String contributors;

	/** The server interceptors of the application, likewise. */
	private static volatile String interceptors;

	private Boot4Runs() {
	}

	/** The health contributors of the application, or {@code null} if none started. */
	public static String contributors() {
		return contributors;
	}

	/**
	 * The server interceptors of the application (classes), or {@code null} if none
	 * started.
	 */
	public static String interceptors() {
		return interceptors;
	}

	/** Starts the application; it is not ready yet. */
	static ChildJvm start(String name, Variant variant, List<String> extraArgs) {
		List<String> args = new ArrayList<>(COMMON_ARGS);
		if (variant == Variant.BUILT_IN) {
			args.addAll(BUILT_IN_ARGS);
		}
		args.addAll(extraArgs);
		return ChildJvm.start(name, ChildClasspath.boot4Application(variant == Variant.HEALTH_GRPC),
				AppRuns.JVM_OPTIONS, MAIN_CLASS, args);
	}

	/**
	 * Waits for the READY line and checks that the variant's health service is the one
	 * that serves.
	 * @return the READY line
	 */
	static String awaitReady(ChildJvm app, Variant variant) {
		String ready = app.expect("READY", Duration.ofSeconds(120));
		String health = AppRuns.field(ready, "health");
		if (!health.equals(variant.healthClass)) {
			throw new IllegalStateException(variant.label() + " started with health service(s) " + health);
		}
		if (contributors == null) {
			contributors = AppRuns.field(ready, "contributors");
			interceptors = AppRuns.field(ready, "interceptors");
		}
		return ready;
	}

	static int port(String readyLine) {
		return Integer.parseInt(AppRuns.field(readyLine, "port"));
	}

}
