package io.github.healthgrpc.sample.boot4;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The point of this sample: moving from net.devh to Spring Boot 4.1's gRPC server keeps
 * every health-grpc setting. This application.yml's {@code grpc.health} block is
 * sample-app's, and only the server's own settings changed their names.
 */
class ConfigurationParityTests {

	private static final Path SAMPLE_APP = Path.of("../sample-app/src/main/resources/application.yml");

	private static final Path THIS_SAMPLE = Path.of("src/main/resources/application.yml");

	private static final Path SAMPLE_APP_PEER = Path.of("../sample-app/src/main/resources/application-peer.yml");

	private static final Path THIS_SAMPLE_PEER = Path.of("src/main/resources/application-peer.yml");

	@Test
	void grpcHealthSettingsAreSampleAppsUnchanged() throws IOException {
		Map<String, Object> netDevh = load(SAMPLE_APP);
		Map<String, Object> boot4 = load(THIS_SAMPLE);
		assertThat(map(map(boot4, "grpc"), "health")).as("grpc.health")
			.isNotEmpty()
			.isEqualTo(map(map(netDevh, "grpc"), "health"));
		// grpc.* is health-grpc's alone here: no net.devh settings left over.
		assertThat(map(boot4, "grpc")).containsOnlyKeys("health");
	}

	@Test
	void thePeerProfileWatchesTheSameWayOverBootsClientChannel() throws IOException {
		Map<String, Object> netDevh = load(SAMPLE_APP_PEER);
		Map<String, Object> boot4 = load(THIS_SAMPLE_PEER);
		assertThat(map(boot4, "grpc")).as("grpc").containsOnlyKeys("health").isNotEmpty();
		assertThat(map(map(boot4, "grpc"), "health")).isEqualTo(map(map(netDevh, "grpc"), "health"));
		Map<String, Object> netDevhChannel = map(map(map(netDevh, "grpc"), "client"), "peer");
		Map<String, Object> bootChannel = map(map(map(map(boot4, "spring"), "grpc"), "client"), "channel");
		assertThat(netDevhChannel.get("address")).isEqualTo("static://" + map(bootChannel, "peer").get("target"));
	}

	@Test
	void serverSettingsMovedToSpringGrpcServer() throws IOException {
		Map<String, Object> netDevh = map(map(load(SAMPLE_APP), "grpc"), "server");
		Map<String, Object> boot4 = map(map(map(load(THIS_SAMPLE), "spring"), "grpc"), "server");
		assertThat(boot4.get("address")).isEqualTo(netDevh.get("address"));
		assertThat(boot4.get("port")).isEqualTo(netDevh.get("port"));
		assertThat(map(boot4, "shutdown").get("grace-period")).isEqualTo(netDevh.get("shutdown-grace-period"));
		// Spring Boot's own health service settings would fail start-up: health-grpc
		// serves the service.
		assertThat(boot4).doesNotContainKey("health");
	}

	@Test
	void everythingElseIsTheSame() throws IOException {
		Map<String, Object> netDevh = load(SAMPLE_APP);
		Map<String, Object> boot4 = load(THIS_SAMPLE);
		for (String key : new String[] { "sample", "server" }) {
			assertThat(boot4.get(key)).as(key).isEqualTo(netDevh.get(key));
		}
		// Except net.devh's client starter's own channel indicator, switched off there:
		// Spring Boot 4.1's client has none.
		Map<String, Object> netDevhManagement = new LinkedHashMap<>(map(netDevh, "management"));
		assertThat(netDevhManagement.remove("health")).isEqualTo(Map.of("grpcChannel", Map.of("enabled", false)));
		assertThat(map(boot4, "management")).isEqualTo(netDevhManagement);
		assertThat(map(boot4, "spring").get("lifecycle")).isEqualTo(map(netDevh, "spring").get("lifecycle"));
	}

	private static Map<String, Object> load(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return castMap(new Yaml().load(reader));
		}
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return castMap(value);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Object value) {
		return (Map<String, Object>) value;
	}

}
