package io.github.healthgrpc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.internal.boot.GrpcHealthProperties;
import io.github.healthgrpc.testing.CanonicalHealthClient;
import io.github.healthgrpc.testing.TestCertificates;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ApplicationListener;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Reads a sample's {@code k8s/tls} and starts the sample as that Deployment configures
 * it, with a certificate made by the test in place of the mounted Secret: the gRPC port
 * speaks TLS only, the probes use the plaintext health port named in the env, every
 * probed name answers SERVING there, the Service does not publish it, the certificate
 * files are the mounted Secret's, and the shutdown budget holds. Each sample's test says
 * how its line names TLS and the server's ports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TlsManifestContract {

	private static final Path MANIFESTS = Path.of("k8s", "tls");

	/** Time left for the health port's close, the context close and the JVM exit. */
	private static final Duration MIN_MARGIN = Duration.ofSeconds(5);

	private final AtomicInteger mainPort = new AtomicInteger();

	private List<Map<String, Object>> documents;

	private Map<String, Object> podSpec;

	private Map<String, Object> container;

	private Map<String, Object> env;

	private TestCertificates certificates;

	private ConfigurableApplicationContext context;

	/** The sample's application class. */
	protected abstract Class<?> application();

	/** The properties of the certificate chain and the private key files. */
	protected abstract List<String> certificateProperties();

	/** The properties of the gRPC server's address and port. */
	protected abstract List<String> serverAddressAndPortProperties();

	/** A listener that tells the port of the gRPC server once it started. */
	protected abstract ApplicationListener<?> mainPortListener(IntConsumer port);

	/** The gRPC server's shutdown grace period. */
	protected abstract Duration gracePeriod(ConfigurableApplicationContext context);

	@BeforeAll
	void startTheSampleAsTheDeploymentConfiguresIt() throws IOException {
		this.documents = loadManifests(MANIFESTS);
		Map<String, Object> deployment = only(this.documents, "Deployment");
		this.podSpec = map(map(map(deployment, "spec"), "template"), "spec");
		this.container = list(this.podSpec, "containers").get(0);
		this.env = new LinkedHashMap<>();
		for (Map<String, Object> variable : list(this.container, "env")) {
			this.env.put((String) variable.get("name"), String.valueOf(variable.get("value")));
		}
		this.certificates = TestCertificates.generate(Files.createTempDirectory("k8s-tls"));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("k8s-systemEnvironment", this.env));
		// The test's own certificate in place of the mounted Secret, and free ports of
		// 127.0.0.1 in place of the pod's.
		Map<String, Object> test = new HashMap<>();
		test.put(certificateProperties().get(0), "file:" + this.certificates.certificate());
		test.put(certificateProperties().get(1), "file:" + this.certificates.privateKey());
		test.put(serverAddressAndPortProperties().get(0), "127.0.0.1");
		test.put(serverAddressAndPortProperties().get(1), "0");
		test.put("grpc.health.server.address", "127.0.0.1");
		test.put("grpc.health.server.port", "0");
		test.put("spring.main.banner-mode", "off");
		environment.getPropertySources().addFirst(new MapPropertySource("test", test));
		this.context = new SpringApplicationBuilder(application()).environment(environment)
			.web(WebApplicationType.NONE)
			.listeners(mainPortListener(this.mainPort::set))
			.run();
	}

	@AfterAll
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void probesUseTheHealthPortOfTheEnvAndTheServiceDoesNotPublishIt() {
		Object healthPort = list(this.container, "ports").stream()
			.filter((port) -> "grpc-health".equals(port.get("name")))
			.findFirst()
			.orElseThrow()
			.get("containerPort");
		assertThat(this.env.get("GRPC_HEALTH_SERVER_PORT")).isEqualTo(String.valueOf(healthPort));
		for (Map<String, Object> probe : probes(this.container)) {
			assertThat(map(probe, "grpc").get("port")).isEqualTo(healthPort);
		}
		assertThat(list(map(only(this.documents, "Service"), "spec"), "ports"))
			.noneSatisfy((port) -> assertThat(port.get("targetPort")).isIn("grpc-health", healthPort));
	}

	@Test
	void everyProbedNameIsServingInPlaintextOnTheHealthPort() throws Exception {
		Set<String> probed = probedServiceNames(this.container);
		assertThat(probed).isNotEmpty();
		int port = this.context.getEnvironment().getRequiredProperty("local.grpc.health.server.port", Integer.class);
		try (CanonicalHealthClient probe = new CanonicalHealthClient(() -> port)) {
			await().untilAsserted(() -> {
				for (String name : probed) {
					assertThat(probe.check(name)).as("status of %s", name).isEqualTo(ServingStatus.SERVING);
				}
			});
		}
	}

	@Test
	void theGrpcPortSpeaksTlsOnly() throws Exception {
		ChannelCredentials credentials = this.certificates.clientCredentials();
		try (CanonicalHealthClient tls = new CanonicalHealthClient(
				() -> Grpc.newChannelBuilderForAddress("127.0.0.1", this.mainPort.get(), credentials).build());
				CanonicalHealthClient plaintext = new CanonicalHealthClient(this.mainPort::get)) {
			await().untilAsserted(() -> assertThat(tls.check("readiness")).isEqualTo(ServingStatus.SERVING));
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> plaintext.check("readiness"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
	}

	@Test
	void theCertificateFilesAreTheMountedSecretsAsTheEnvNamesThem() {
		// The manifest's env alone, bound as Spring Boot binds it: the test replaced
		// these
		// files with its own above.
		Binder binder = new Binder(ConfigurationPropertySources
			.from(new SystemEnvironmentPropertySource("k8s-systemEnvironment", this.env)));
		Map<String, Object> mount = list(this.container, "volumeMounts").get(0);
		assertThat(mount.get("name")).isEqualTo(list(this.podSpec, "volumes").get(0).get("name"));
		assertThat(binder.bind(certificateProperties().get(0), String.class).get())
			.isEqualTo("file:" + mount.get("mountPath") + "/tls.crt");
		assertThat(binder.bind(certificateProperties().get(1), String.class).get())
			.isEqualTo("file:" + mount.get("mountPath") + "/tls.key");
	}

	@Test
	void terminationGracePeriodCoversDrainDelayAndGracePeriod() {
		Duration drainDelay = this.context.getBean(GrpcHealthProperties.class).getShutdown().getDrainDelay();
		Duration terminationGracePeriod = Duration
			.ofSeconds(((Number) this.podSpec.get("terminationGracePeriodSeconds")).longValue());
		assertThat(drainDelay).as("the manifest's drain delay").isEqualTo(Duration.ofSeconds(5));
		assertThat(terminationGracePeriod).as("terminationGracePeriodSeconds")
			.isGreaterThanOrEqualTo(drainDelay.plus(gracePeriod(this.context)).plus(MIN_MARGIN));
	}

}
