package io.github.healthgrpc.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many classes of health-grpc the packaged sample loads by the time it has started,
 * counted from the JVM's own class-loading log ({@code -Xlog:class+load}): the starter's
 * cost at start-up as something that can be counted, where start-up time on a shared
 * 2-core machine varies by more than the cost itself. Lambdas count: each is a class the
 * JVM spins up. The sample's own classes do not.
 * <p>
 * The sample is what the limit is about: a handful of indicators, a health group, a
 * service mapping, the probes, the {@code grpchealth} endpoint and Prometheus metrics.
 * What it does not configure (downstream client health, the dedicated health port) must
 * load nothing of ours, and neither may the endpoint when it is not exposed.
 */
class StartupClassesIT {

	/**
	 * The most classes of health-grpc a started application like the sample may load on
	 * Spring Boot 3.5: the aim of 60, met.
	 */
	static final int LIMIT_BOOT_35 = 60;

	/**
	 * The same on Spring Boot 4: what it loads today, so that no change adds one
	 * unnoticed. Two more than the aim of 60 are the {@code package-info} classes of two
	 * packages, which Spring Framework 7 loads to read their JSpecify {@code @NullMarked}
	 * when it injects the parameters of their bean methods.
	 */
	static final int LIMIT_BOOT_4 = 62;

	private static final Pattern LOADED = Pattern.compile("\\] (io\\.github\\.healthgrpc\\.\\S+) source: ");

	@Test
	void theStartedSampleLoadsNoMoreClassesOfHealthGrpcThanItsLimit() throws IOException {
		Set<String> loaded = classesLoadedByStart("startup-classes");
		int limit = SampleProcess.requiredProperty("sample.jar").contains("sample-app-boot4") ? LIMIT_BOOT_4
				: LIMIT_BOOT_35;
		assertThat(loaded).as("health-grpc classes loaded by start-up (limit %d): %s", limit, loaded)
			.hasSizeLessThanOrEqualTo(limit);
		assertThat(loaded).as("what the sample does not configure")
			.noneMatch((name) -> name.contains(".internal.client.")
					|| (name.contains("GrpcHealthClient") && !name.endsWith("ChannelsCondition"))
					|| name.contains("Upstream") || name.contains("HealthListener"));
	}

	@Test
	void withTheEndpointNotExposedNothingOfItLoads() throws IOException {
		Set<String> loaded = classesLoadedByStart("startup-classes-no-endpoint",
				"--management.endpoints.web.exposure.include=health,prometheus");
		// Spring Boot's @ConditionalOnAvailableEndpoint loads the endpoint's class to
		// read
		// its id from the annotation: that one, and nothing it would use.
		assertThat(loaded).as("the grpchealth endpoint's classes")
			.noneMatch((name) -> name.contains("GrpcHealthEndpoint") && !name.endsWith("AutoConfiguration")
					&& !name.endsWith(".GrpcHealthEndpoint"));
	}

	@Test
	void switchedOffOnlyTheAutoConfigurationClassesLoad() throws IOException {
		Set<String> loaded = classesLoadedByStart("startup-classes-off", "--grpc.health.enabled=false");
		assertThat(autoConfigurations()).as("the auto-configuration classes, read from the class path").isNotEmpty();
		Set<String> allowed = new TreeSet<>(autoConfigurations());
		// What Spring Boot itself loads to decide: the auto-configurations, their
		// condition, and the starter's entries in spring.factories (Boot 4: the
		// post-processor that turns Spring Boot's own health service off).
		allowed.add("io.github.healthgrpc.internal.boot.GrpcHealthClientChannelsCondition");
		allowed.addAll(listed("META-INF/spring.factories"));
		// The sample's AdminController asks for a ServingStatusManager (and finds none):
		// the application loads that interface, not the starter.
		allowed.add("io.github.healthgrpc.ServingStatusManager");
		assertThat(loaded).isSubsetOf(allowed);
	}

	private static Set<String> classesLoadedByStart(String id, String... arguments) throws IOException {
		Path classLog = Path.of(SampleProcess.requiredProperty("sample.logs")).resolve(id + "-classes.log");
		Files.deleteIfExists(classLog);
		try (SampleProcess sample = SampleProcess.launch(id, List.of("-Xlog:class+load=info:file=" + classLog),
				arguments)) {
			sample.awaitStarted();
			// Read now, while it runs: what it loads later (first calls) is not start-up.
			return healthGrpcClasses(Files.readString(classLog, StandardCharsets.UTF_8));
		}
	}

	/** Classes of health-grpc in a class-loading log, the sample's own excepted. */
	static Set<String> healthGrpcClasses(String classLog) {
		Set<String> classes = new TreeSet<>();
		Matcher loaded = LOADED.matcher(classLog);
		while (loaded.find()) {
			String name = loaded.group(1);
			if (!name.startsWith("io.github.healthgrpc.sample.")) {
				classes.add(name);
			}
		}
		return classes;
	}

	/** The starter's auto-configuration classes, as Spring Boot finds them. */
	private static Set<String> autoConfigurations() throws IOException {
		return listed("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
	}

	/** Classes of health-grpc named in a resource of the class path, in every jar. */
	private static Set<String> listed(String resource) throws IOException {
		Set<String> classes = new TreeSet<>();
		Matcher name = Pattern.compile("io\\.github\\.healthgrpc\\.[\\w.$]+").matcher("");
		Enumeration<URL> files = StartupClassesIT.class.getClassLoader().getResources(resource);
		while (files.hasMoreElements()) {
			try (InputStream in = files.nextElement().openStream()) {
				name.reset(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				while (name.find()) {
					classes.add(name.group());
				}
			}
		}
		return classes;
	}

}
