package io.github.healthgrpc.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.internal.boot.GrpcHealthProperties;
import net.devh.boot.grpc.server.config.GrpcServerProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static io.github.healthgrpc.sample.KubernetesManifests.list;
import static io.github.healthgrpc.sample.KubernetesManifests.loadManifests;
import static io.github.healthgrpc.sample.KubernetesManifests.map;
import static io.github.healthgrpc.sample.KubernetesManifests.only;
import static io.github.healthgrpc.sample.KubernetesManifests.probedServiceNames;
import static io.github.healthgrpc.sample.KubernetesManifests.probes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads sample-app/k8s and checks it against the sample as that Deployment configures it:
 * every service name a probe asks for is published (and SERVING once started), and the
 * pod's terminationGracePeriodSeconds covers drain delay plus net.devh's grace period.
 */
class KubernetesManifestsTests {

	private static final Path MANIFESTS = Path.of("k8s");

	/** Time left for the web server's stop, the context close and the JVM exit. */
	private static final Duration MIN_MARGIN = Duration.ofSeconds(5);

	private static List<Map<String, Object>> documents;

	private static Map<String, Object> podSpec;

	private static Map<String, Object> container;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void startTheSampleAsTheDeploymentConfiguresIt() throws IOException {
		documents = loadManifests(MANIFESTS);
		Map<String, Object> deployment = only(documents, "Deployment");
		podSpec = map(map(map(deployment, "spec"), "template"), "spec");
		container = list(podSpec, "containers").get(0);
		Map<String, Object> env = new LinkedHashMap<>();
		for (Map<String, Object> variable : list(container, "env")) {
			env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
		}
		StandardEnvironment environment = new StandardEnvironment();
		// The manifest's env, bound as Spring Boot binds real environment variables (the
		// name says so)...
		environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("k8s-systemEnvironment", env));
		// ...except that the test listens on no port: net.devh's in-process server only.
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("grpc.server.port", "-1", "grpc.server.in-process-name",
					"k8s-manifests-test", "spring.main.banner-mode", "off")));
		context = new SpringApplicationBuilder(SampleApplication.class).environment(environment)
			.web(WebApplicationType.NONE)
			.run();
	}

	@AfterAll
	static void close() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void everyProbedServiceNameIsPublishedAndServing() {
		Set<String> probed = probedServiceNames(container);
		ServingStatusManager health = context.getBean(ServingStatusManager.class);
		assertThat(probed).as("service names in the probes of k8s/deployment.yaml").isNotEmpty();
		assertThat(health.getServingStatuses()).as("names the sample publishes")
			.containsKeys(probed.toArray(String[]::new));
		// readiness turns SERVING through a refresh after the application is ready, in
		// the background.
		await().untilAsserted(() -> {
			Map<String, ServingStatus> published = health.getServingStatuses();
			for (String name : probed) {
				assertThat(published.get(name)).as("status of %s", name).isEqualTo(ServingStatus.SERVING);
			}
		});
	}

	@Test
	void probesUseTheGrpcContainerPort() {
		Object grpcPort = list(container, "ports").stream()
			.filter((port) -> "grpc".equals(port.get("name")))
			.findFirst()
			.orElseThrow()
			.get("containerPort");
		for (Map<String, Object> probe : probes(container)) {
			assertThat(map(probe, "grpc").get("port")).isEqualTo(grpcPort);
		}
		Map<String, Object> service = only(documents, "Service");
		assertThat(list(map(service, "spec"), "ports")).anySatisfy((port) -> {
			assertThat(port.get("targetPort")).isEqualTo("grpc");
			assertThat(port.get("port")).isEqualTo(grpcPort);
		});
	}

	@Test
	void terminationGracePeriodCoversDrainDelayAndGracePeriod() {
		Duration drainDelay = context.getBean(GrpcHealthProperties.class).getShutdown().getDrainDelay();
		Duration gracePeriod = context.getBean(GrpcServerProperties.class).getShutdownGracePeriod();
		Duration terminationGracePeriod = Duration
			.ofSeconds(((Number) podSpec.get("terminationGracePeriodSeconds")).longValue());
		assertThat(drainDelay).as("the manifest's drain delay").isEqualTo(Duration.ofSeconds(5));
		assertThat(terminationGracePeriod).as("terminationGracePeriodSeconds")
			.isGreaterThanOrEqualTo(drainDelay.plus(gracePeriod).plus(MIN_MARGIN));
	}

}
