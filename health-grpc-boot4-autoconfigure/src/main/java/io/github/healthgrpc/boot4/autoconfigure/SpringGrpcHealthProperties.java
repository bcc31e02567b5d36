package io.github.healthgrpc.boot4.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Spring Boot's own {@code spring.grpc.server.health.*} settings, which health-grpc does
 * not read: set while health-grpc serves the health service, they fail start-up with the
 * {@code grpc.health.*} property to use instead, rather than being silently ignored.
 */
final class SpringGrpcHealthProperties {

	static final String PREFIX = "spring.grpc.server.health.";

	static final String ENABLED = PREFIX + "enabled";

	private SpringGrpcHealthProperties() {
	}

	/**
	 * Checks that no setting of Spring Boot's health service is lost.
	 * @param environment the application's environment
	 * @throws IllegalStateException naming every such property and its equivalent
	 */
	static void check(Environment environment) {
		if (environment.getProperty(ENABLED, Boolean.class, false)) {
			throw new IllegalStateException(ENABLED + "=true asks for Spring Boot's own gRPC health service, and "
					+ "health-grpc serves grpc.health.v1.Health already (a server takes only one). Remove it, or "
					+ "set grpc.health.enabled=false to use Spring Boot's service instead of health-grpc.");
		}
		List<String> problems = new ArrayList<>();
		for (String property : propertyNames(environment)) {
			String equivalent = equivalent(property.substring(PREFIX.length()));
			if (equivalent != null) {
				problems.add(property + " -> " + equivalent);
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("health-grpc serves grpc.health.v1.Health and does not read Spring Boot's "
					+ "spring.grpc.server.health.* settings; use their grpc.health.* equivalents: "
					+ String.join("; ", problems));
		}
	}

	/**
	 * The {@code grpc.health.*} way to say the same, or {@code null} for settings that
	 * need none.
	 */
	private static String equivalent(String setting) {
		// Also in the form of an environment variable (SCHEDULE_ENABLED).
		String key = setting.toLowerCase(Locale.ROOT).replace('_', '.');
		if (key.equals("enabled") || key.startsWith("schedule.enabled")) {
			// false is what health-grpc needs; the scheduler is off with the service.
			return null;
		}
		if (key.startsWith("service.")) {
			String rest = setting.substring("service.".length());
			for (String part : List.of(".include", ".exclude")) {
				int at = rest.toLowerCase(Locale.ROOT).lastIndexOf(part);
				String after = (at > 0) ? rest.substring(at + part.length()) : "-";
				// "include" itself, or one of its elements ("include[0]")
				if (after.isEmpty() || after.startsWith("[")) {
					return "grpc.health.services[" + rest.substring(0, at) + "]" + part;
				}
			}
			return "grpc.health.services[<name>].include/exclude and grpc.health.status-mapping";
		}
		if (key.startsWith("status.mapping")) {
			return "grpc.health.status-mapping" + setting.substring("status.mapping".length());
		}
		if (key.startsWith("status.order")) {
			return "management.endpoint.health.status.order (health-grpc aggregates as the health endpoint does)";
		}
		if (key.startsWith("services.validate-membership")) {
			return "grpc.health.validate-membership";
		}
		if (key.startsWith("schedule.period")) {
			return "grpc.health.refresh-interval";
		}
		if (key.startsWith("schedule.delay")) {
			return "none needed: health-grpc evaluates before the server accepts its first call";
		}
		if (key.startsWith("include-overall-health")) {
			return "grpc.health.overall.include/exclude";
		}
		return "see the grpc.health.* properties in health-grpc's README";
	}

	private static TreeSet<String> propertyNames(Environment environment) {
		TreeSet<String> names = new TreeSet<>();
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				if (source instanceof EnumerablePropertySource<?> enumerable
						&& !BootHealthServiceBackOff.PROPERTY_SOURCE_NAME.equals(source.getName())) {
					for (String name : enumerable.getPropertyNames()) {
						String canonical = name.toLowerCase(Locale.ROOT).replace('_', '.');
						if (canonical.startsWith(PREFIX)) {
							names.add(PREFIX + name.substring(PREFIX.length()));
						}
					}
				}
			}
		}
		return names;
	}

}
