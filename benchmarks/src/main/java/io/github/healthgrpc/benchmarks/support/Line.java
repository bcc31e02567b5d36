package io.github.healthgrpc.benchmarks.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two lines of health-grpc and the application of each, started in fresh JVMs with
 * health-grpc or without its jars: {@code BenchmarkApp} (Spring Boot 3.5, net.devh's
 * server, whose own health service is grpc-java's stock one) and
 * {@code Boot4BenchmarkApp} of {@code benchmarks-boot4-app} (Spring Boot 4.1's server and
 * health service). Both speak the same lines.
 */
public enum Line {

	BOOT3, BOOT4;

	public String label() {
		return (this == BOOT3) ? "Spring Boot 3.5" : "Spring Boot 4.1";
	}

	/** {@code boot3} or {@code boot4}, as in the results. */
	public String key() {
		return name().toLowerCase();
	}

	/** The line's health service without health-grpc. */
	public String other() {
		return (this == BOOT3) ? "stock (net.devh's own)" : "Boot's built-in";
	}

	/**
	 * Starts the application (-Xmx512m): a random port on 127.0.0.1, quiet logs, probes
	 * on; without health-grpc, Spring Boot 4.1's service is told to publish {@code db}.
	 */
	public ChildJvm start(boolean healthGrpc, List<String> args) throws IOException {
		String server = (this == BOOT3) ? "--grpc.server." : "--spring.grpc.server.";
		List<String> all = new ArrayList<>(
				List.of(server + "port=0", server + "address=127.0.0.1", "--spring.main.banner-mode=off",
						"--logging.level.root=WARN", "--management.endpoint.health.probes.enabled=true"));
		if (this == BOOT4 && !healthGrpc) {
			all.add("--spring.grpc.server.health.service.db.include=db");
		}
		all.addAll(args);
		return new ChildJvm(key(), classpath(healthGrpc), List.of("-Xmx512m"),
				"io.github.healthgrpc.benchmarks." + ((this == BOOT3) ? "app.BenchmarkApp" : "boot4.Boot4BenchmarkApp"),
				all);
	}

	/**
	 * Waits until the application is ready, and checks that health-grpc serves or not.
	 */
	public ChildJvm.Output awaitReady(ChildJvm app, boolean healthGrpc) throws InterruptedException {
		ChildJvm.Output ready = app.await("READY", Duration.ofSeconds(120));
		if (Boolean.parseBoolean(ready.field("healthGrpc")) != healthGrpc) {
			throw new IllegalStateException(label() + ": health-grpc serves " + !healthGrpc);
		}
		return ready;
	}

	/**
	 * The class path of this line's benchmark code: this JVM's, or the Spring Boot 4.1
	 * application's with this module's classes (without its libraries).
	 */
	public List<String> benchmarkClasspath() throws IOException {
		List<String> entries = new ArrayList<>(
				List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
		if (this == BOOT4) {
			entries = classpath(true);
			entries.add(0, "benchmarks/target/classes");
		}
		return entries;
	}

	/**
	 * The application's class path, as the build left it (from the repository's root).
	 */
	private List<String> classpath(boolean healthGrpc) throws IOException {
		Path target = Path.of((this == BOOT3) ? "benchmarks/target" : "benchmarks-boot4-app/target");
		if (!Files.isDirectory(target.resolve("lib"))) {
			throw new IllegalStateException("No " + target + "/lib: run from the repository's root, after "
					+ "./mvnw -B -Pbenchmarks -pl benchmarks -am package -DskipTests");
		}
		List<String> entries = new ArrayList<>();
		entries.add(target.resolve((this == BOOT3) ? "benchmarks-app.jar" : "benchmarks-boot4-app.jar").toString());
		try (Stream<Path> jars = Files.list(target.resolve("lib"))) {
			// Boot 4.1's in the order Maven resolved them; no class is in two of Boot
			// 3.5's.
			entries.addAll(
					(this == BOOT4) ? Arrays.stream(Files.readString(target.resolve("classpath.txt")).trim().split(":"))
						.map((jar) -> target.resolve(jar).toString())
						.toList() : jars.map(Path::toString).sorted().toList());
		}
		entries.removeIf((entry) -> !healthGrpc && entry.matches(".*/health-grpc-[^/]*\\.jar"));
		return entries;
	}

}
