package io.github.healthgrpc.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a sample's Kubernetes manifests ({@code k8s/*.yaml}), for the manifest tests of
 * both samples: documents by kind, nested maps and lists that must be there, and the gRPC
 * probes of a container.
 */
public final class KubernetesManifests {

	private KubernetesManifests() {
	}

	/**
	 * Every YAML document of the directory's {@code .yaml} files, files in name order.
	 */
	public static List<Map<String, Object>> loadManifests(Path directory) throws IOException {
		List<Map<String, Object>> loaded = new ArrayList<>();
		try (var files = Files.list(directory)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".yaml")).sorted().toList()) {
				try (Reader reader = Files.newBufferedReader(file)) {
					for (Object document : new Yaml().loadAll(reader)) {
						if (document != null) {
							loaded.add(castMap(document));
						}
					}
				}
			}
		}
		return loaded;
	}

	/** The one document of a kind; fails unless there is exactly one. */
	public static Map<String, Object> only(List<Map<String, Object>> documents, String kind) {
		List<Map<String, Object>> matching = documents.stream().filter((doc) -> kind.equals(doc.get("kind"))).toList();
		assertThat(matching).as("%s manifests", kind).hasSize(1);
		return matching.get(0);
	}

	/**
	 * The gRPC service names the container's probes check ({@code ""} when none is
	 * named).
	 */
	public static Set<String> probedServiceNames(Map<String, Object> container) {
		Set<String> names = new LinkedHashSet<>();
		for (Map<String, Object> probe : probes(container)) {
			// A gRPC probe without a service name checks "".
			Object service = map(probe, "grpc").get("service");
			names.add((service != null) ? (String) service : "");
		}
		return names;
	}

	/**
	 * The container's startup, liveness and readiness probes; each must be a gRPC probe.
	 */
	public static List<Map<String, Object>> probes(Map<String, Object> container) {
		List<Map<String, Object>> probes = new ArrayList<>();
		for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			if (container.get(kind) != null) {
				probes.add(map(container, kind));
			}
		}
		assertThat(probes).as("probes of the sample container").isNotEmpty();
		assertThat(probes).allSatisfy((probe) -> assertThat(probe).containsKey("grpc"));
		return probes;
	}

	public static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return castMap(value);
	}

	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Object value) {
		return (Map<String, Object>) value;
	}

}
