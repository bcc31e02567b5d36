package io.github.healthgrpc.internal.boot;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata is what users see in their IDE: every property
 * described, the documented ones all there, and ServingStatus values hinted.
 */
class ConfigurationMetadataTests {

	private final JsonNode metadata = read();

	@Test
	void everyPropertyHasADescription() {
		List<String> undocumented = new ArrayList<>();
		this.metadata.get("properties").forEach((property) -> {
			if (property.get("name").asText().startsWith("grpc.health.")
					&& (property.get("description") == null || property.get("description").asText().isBlank())) {
				undocumented.add(property.get("name").asText());
			}
		});
		assertThat(undocumented).isEmpty();
	}

	@Test
	void everyDocumentedPropertyIsThere() {
		List<String> names = new ArrayList<>();
		this.metadata.get("properties").forEach((property) -> names.add(property.get("name").asText()));
		assertThat(names).contains("grpc.health.enabled", "grpc.health.refresh-interval",
				"grpc.health.indicator-timeout", "grpc.health.status-mapping", "grpc.health.indicators.include",
				"grpc.health.indicators.exclude", "grpc.health.overall.include", "grpc.health.overall.exclude",
				"grpc.health.services", "grpc.health.list.enabled", "grpc.health.list.max-services",
				"grpc.health.watch.max-unknown", "grpc.health.shutdown.drain-delay",
				"grpc.health.shutdown.complete-watches", "grpc.health.validate-membership");
	}

	@Test
	void theHealthClientPropertiesAreThereWithTheirDefaults() {
		assertThat(property("grpc.health.client.channels").get("type").asText()).contains("Map<java.lang.String,");
		assertThat(property("grpc.health.client.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(property("grpc.health.client.failure-threshold").get("defaultValue").asInt()).isEqualTo(3);
		assertThat(property("grpc.health.client.grace-period").get("defaultValue").asText()).isEqualTo("10s");
		assertThat(property("grpc.health.client.backoff.initial-interval").get("defaultValue").asText())
			.isEqualTo("1s");
		assertThat(property("grpc.health.client.backoff.max-interval").get("defaultValue").asText()).isEqualTo("10s");
		assertThat(property("grpc.health.client.unimplemented-status").get("defaultValue").asText())
			.isEqualTo("UNKNOWN");
	}

	@Test
	void membershipValidationIsDescribedAndOnByDefault() {
		JsonNode property = property("grpc.health.validate-membership");
		assertThat(property.get("type").asText()).isEqualTo("java.lang.Boolean");
		assertThat(property.get("defaultValue").isBoolean()).isTrue();
		assertThat(property.get("defaultValue").asBoolean()).isTrue();
		assertThat(property.get("description").asText()).contains("grpc.health.services", "grpc.health.overall",
				"grpc.health.indicators", "start-up");
	}

	@Test
	void durationsShowTheirDefaultsAndThatABareNumberMeansSeconds() {
		assertThat(property("grpc.health.refresh-interval").get("defaultValue").asText()).isEqualTo("5s");
		assertThat(property("grpc.health.indicator-timeout").get("defaultValue").asText()).isEqualTo("2s");
		assertThat(property("grpc.health.shutdown.drain-delay").get("defaultValue").asText()).isEqualTo("0s");
		for (String duration : new String[] { "grpc.health.refresh-interval", "grpc.health.indicator-timeout",
				"grpc.health.shutdown.drain-delay" }) {
			assertThat(property(duration).get("description").asText()).as(duration)
				.contains("A bare number means seconds");
		}
	}

	@Test
	void statusMappingKeysAndValuesAreHinted() {
		List<String> hinted = new ArrayList<>();
		this.metadata.get("hints").forEach((hint) -> {
			List<String> values = new ArrayList<>();
			hint.get("values").forEach((value) -> values.add(value.get("value").asText()));
			hinted.add(hint.get("name").asText() + "=" + values);
		});
		assertThat(hinted).contains("grpc.health.status-mapping.keys=[UP, DOWN, OUT_OF_SERVICE, UNKNOWN]",
				"grpc.health.status-mapping.values=[SERVING, NOT_SERVING, UNKNOWN]");
	}

	private JsonNode property(String name) {
		for (JsonNode property : this.metadata.get("properties")) {
			if (property.get("name").asText().equals(name)) {
				return property;
			}
		}
		throw new AssertionError("No metadata for " + name);
	}

	private static JsonNode read() {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return new ObjectMapper().readTree(in);
		}
		catch (Exception ex) {
			throw new IllegalStateException("No configuration metadata: is the annotation processor configured?", ex);
		}
	}

}
