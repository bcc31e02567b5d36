package io.github.healthgrpc.boot4.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.boot.GrpcHealthProperties;
import io.github.healthgrpc.internal.engine.SimpleServingStatusMapper;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Spring Boot's own gRPC health settings: switched off before the context starts, the
 * rest read into ours. One class in two roles, so that start-up loads one class for both:
 * <ul>
 * <li>Spring Boot's environment post-processor ({@code META-INF/spring.factories}): it
 * turns Spring Boot's own gRPC health service off when health-grpc serves
 * {@code grpc.health.v1.Health}, so that the server has exactly one. Spring Boot's health
 * service bean has no condition a bean of ours could satisfy; its property is the one
 * switch (and it takes the health scheduler with it). Added first: an application's
 * {@code spring.grpc.server.health.enabled=true} asks for a gRPC health service, and
 * health-grpc's is one. With {@code grpc.health.enabled=false}, nothing is changed.</li>
 * <li>A bean post-processor (a static bean of {@link GrpcHealthAutoConfiguration}): the
 * other {@code spring.grpc.server.health.*} settings are read into health-grpc's
 * {@code grpc.health.*} with the meaning Spring Boot gives them, so that an application
 * configured for Spring Boot's health service starts unchanged with health-grpc. Applied
 * once {@link GrpcHealthProperties} is bound and before it is checked; a setting whose
 * {@code grpc.health.*} counterpart is also set to something else stops start-up naming
 * both.</li>
 * </ul>
 * <p>
 * Spring Boot's meaning, kept here: a status mapping replaces the defaults (a code it
 * does not list is {@code SERVING}); a service's own mapping or order replaces the global
 * one; a service without {@code include} includes everything;
 * {@code include-overall-health} false leaves {@code ""} {@code SERVING}.
 * {@code enabled}, {@code schedule.enabled} and {@code schedule.delay} change nothing:
 * health-grpc is the health service, it evaluates in the background by design, and it is
 * right before the first call.
 */
final class SpringGrpcHealthSettings implements EnvironmentPostProcessor, BeanPostProcessor, Ordered {

	static final String PREFIX = "spring.grpc.server.health";

	static final String PROPERTY_SOURCE_NAME = "health-grpc";

	static final String BOOT_HEALTH_ENABLED = PREFIX + ".enabled";

	// What GrpcHealthAutoConfiguration needs to switch on: without it, Spring Boot's own
	// service is left alone. Looked up by name, so Hints declares them.
	static final String[] REQUIRED_CLASSES = { "io.grpc.BindableService", "io.grpc.health.v1.HealthCheckResponse",
			"org.springframework.boot.health.contributor.HealthContributor",
			"org.springframework.grpc.server.service.GrpcServiceDiscoverer" };

	// The codes health-grpc maps by default; Spring Boot's replacing mapping leaves
	// them SERVING unless it lists them.
	private static final List<String> DEFAULT_CODES = List.of("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN");

	// Only the bean post-processor has one: the environment post-processor is given it
	// with each call.
	private final @Nullable ConfigurableEnvironment environment;

	/**
	 * The environment post-processor, which Spring Boot instantiates from
	 * {@code META-INF/spring.factories}. Spring's {@code SpringFactoriesLoader} takes the
	 * one public constructor when there is one, so this is the only public one.
	 */
	public SpringGrpcHealthSettings() {
		this.environment = null;
	}

	/**
	 * The bean post-processor, which reads the settings from the application's
	 * environment.
	 * @param environment the application's environment
	 */
	SpringGrpcHealthSettings(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("grpc.health.enabled", Boolean.class, true) || !requiredClassesPresent()) {
			return;
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(BOOT_HEALTH_ENABLED, "false")));
	}

	private static boolean requiredClassesPresent() {
		ClassLoader classLoader = SpringGrpcHealthSettings.class.getClassLoader();
		for (String name : REQUIRED_CLASSES) {
			if (!ClassUtils.isPresent(name, classLoader)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof GrpcHealthProperties properties) {
			applyTo(properties);
		}
		return bean;
	}

	// As a bean post-processor: after binding (which the binding post-processor does
	// first). As an environment post-processor: after the application's configuration
	// files are read, which decide grpc.health.enabled.
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Reads Spring Boot's settings into health-grpc's.
	 * @param target the bound {@code grpc.health.*} properties
	 * @throws IllegalStateException naming each Spring Boot setting that disagrees with
	 * its {@code grpc.health.*} counterpart, or that health-grpc cannot honour
	 */
	void applyTo(GrpcHealthProperties target) {
		Binder all = Binder.get(Objects.requireNonNull(this.environment,
				"the environment post-processor made from spring.factories reads no settings"));
		if (!anySettingRead(all)) {
			return;
		}
		BootHealth boot = all.bind(PREFIX, BootHealth.class).orElse(null);
		if (boot == null) {
			return;
		}
		List<String> conflicts = new ArrayList<>();
		Schedule schedule = boot.schedule();
		if (schedule != null && schedule.period() != null) {
			Duration period = schedule.period();
			if (period.toMillis() < 100) {
				conflicts.add(PREFIX + ".schedule.period=" + period.toMillis()
						+ "ms is below health-grpc's floor of 100ms (grpc.health.refresh-interval)");
			}
			else if (isSet(all, "grpc.health.refresh-interval")) {
				agree(conflicts, "schedule.period", period, "grpc.health.refresh-interval",
						target.getRefreshInterval());
			}
			else {
				target.setRefreshInterval(period);
			}
		}
		Services services = boot.services();
		if (services != null && services.validateMembership() != null) {
			if (isSet(all, "grpc.health.validate-membership")) {
				agree(conflicts, "services.validate-membership", services.validateMembership(),
						"grpc.health.validate-membership", target.isValidateMembership());
			}
			else {
				target.setValidateMembership(services.validateMembership());
			}
		}
		if (boot.includeOverallHealth() != null) {
			if (isSet(all, "grpc.health.overall.follow-indicators")) {
				agree(conflicts, "include-overall-health", boot.includeOverallHealth(),
						"grpc.health.overall.follow-indicators", target.getOverall().isFollowIndicators());
			}
			else {
				target.getOverall().setFollowIndicators(boot.includeOverallHealth());
			}
		}
		Status status = boot.status();
		Map<String, ServingStatus> mapping = codes((status != null) ? status.mapping() : null);
		List<String> order = ((status != null) && status.order() != null) ? status.order() : List.of();
		if (!mapping.isEmpty()) {
			Map<String, ServingStatus> replacing = replacing(mapping, DEFAULT_CODES);
			if (target.getStatusMapping().isEmpty()) {
				target.getStatusMapping().putAll(replacing);
			}
			else {
				agreeMapping(conflicts, "status.mapping", mapping, replacing, "grpc.health.status-mapping",
						new SimpleServingStatusMapper(target.getStatusMapping()));
			}
		}
		if (!order.isEmpty()) {
			if (target.getOverall().getStatusOrder().isEmpty()) {
				target.getOverall().setStatusOrder(order);
			}
			else {
				agree(conflicts, "status.order", order, "grpc.health.overall.status-order",
						target.getOverall().getStatusOrder());
			}
		}
		if (boot.service() != null) {
			// A loop, not a lambda: the lambda's method would name BootService, and
			// Spring's reflection on this bean would load it at every start.
			for (Map.Entry<String, BootService> service : boot.service().entrySet()) {
				service.getValue()
					.applyTo(conflicts, target, service.getKey(), order, target.getStatusMapping().keySet());
			}
		}
		if (!conflicts.isEmpty()) {
			throw new IllegalStateException("health-grpc reads Spring Boot's spring.grpc.server.health.* settings, "
					+ "but these disagree with their grpc.health.* counterparts; set one of each pair: "
					+ String.join("; ", conflicts));
		}
	}

	/**
	 * Whether anything other than {@code enabled} (which {@link #postProcessEnvironment}
	 * sets, and which changes nothing here) is set under the prefix: without, the
	 * settings' records are neither bound nor loaded.
	 */
	private static boolean anySettingRead(Binder binder) {
		BindResult<Map<String, String>> set = binder.bind(PREFIX, Bindable.mapOf(String.class, String.class));
		if (!set.isBound()) {
			return false;
		}
		for (String name : set.get().keySet()) {
			if (!"enabled".equals(name)) {
				return true;
			}
		}
		return false;
	}

	private static void agree(List<String> conflicts, String bootSetting, Object bootValue, String ours,
			Object ourValue) {
		if (!Objects.equals(bootValue, ourValue)) {
			conflicts.add(PREFIX + "." + bootSetting + "=" + bootValue + " but " + ours + "=" + ourValue);
		}
	}

	/**
	 * Names each code that Spring Boot's mapping and ours answer differently for. Takes
	 * the class, not the {@code ServingStatusMapper} interface: passing one as the other
	 * has the JVM's verifier load the interface with this class, which Spring Boot loads
	 * as an environment post-processor even when health-grpc is switched off.
	 */
	private static void agreeMapping(List<String> conflicts, String bootSetting, Map<String, ServingStatus> listed,
			Map<String, ServingStatus> bootValues, String ours, SimpleServingStatusMapper ourMapper) {
		bootValues.forEach((code, status) -> {
			ServingStatus our = ourMapper.map(code);
			if (status != our) {
				String boot = listed.containsKey(code) ? PREFIX + "." + bootSetting + "." + code + "=" + status
						: PREFIX + "." + bootSetting + " does not list " + code + ", so it is " + status + ",";
				conflicts.add(boot + " but " + ours + "." + code + "=" + our);
			}
		});
	}

	/**
	 * Spring Boot's replacing mapping in health-grpc's terms: every code health-grpc
	 * would otherwise map by a default or another table, and the mapping does not list,
	 * is {@code SERVING}.
	 */
	private static Map<String, ServingStatus> replacing(Map<String, ServingStatus> mapping, Collection<String> known) {
		Map<String, ServingStatus> replacing = new LinkedHashMap<>(mapping);
		for (String code : known) {
			replacing.putIfAbsent(code(code), ServingStatus.SERVING);
		}
		return replacing;
	}

	private static Map<String, ServingStatus> codes(@Nullable Map<String, ServingStatus> mapping) {
		Map<String, ServingStatus> codes = new LinkedHashMap<>();
		if (mapping != null) {
			mapping.forEach((code, status) -> codes.putIfAbsent(code(code), status));
		}
		return codes;
	}

	private static Set<String> codes(Set<String> codes) {
		return codes.stream().map(SpringGrpcHealthSettings::code).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	// Spring Boot compares codes by their letters and digits; health-grpc by upper case
	// with '_' for '-'.
	private static String code(String code) {
		return code.trim().toUpperCase(Locale.ROOT).replace('-', '_');
	}

	private static Set<String> trimmed(@Nullable Set<String> patterns) {
		if (patterns == null) {
			return new LinkedHashSet<>();
		}
		return patterns.stream()
			.map(String::trim)
			.filter((pattern) -> !pattern.isEmpty())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static boolean isSet(Binder binder, String property) {
		return binder.bind(property, Bindable.of(String.class)).isBound();
	}

	/** {@code spring.grpc.server.health}, as Spring Boot 4.1 and 4.2 bind it. */
	record BootHealth(@Nullable Boolean includeOverallHealth, @Nullable Services services,
			@Nullable Map<String, BootService> service, @Nullable Status status, @Nullable Schedule schedule) {

	}

	record Services(@Nullable Boolean validateMembership) {

	}

	/**
	 * {@code spring.grpc.server.health.service.<name>}. What it sets is applied here, not
	 * in a method of the post-processor, whose signature would load this record at every
	 * start, whether or not a service is set.
	 */
	record BootService(@Nullable Set<String> include, @Nullable Set<String> exclude, @Nullable Status status) {

		void applyTo(List<String> conflicts, GrpcHealthProperties target, String name, List<String> globalOrder,
				Set<String> globalCodes) {
			GrpcHealthProperties.Service service = new GrpcHealthProperties.Service();
			Set<String> include = trimmed(this.include);
			service.setInclude(include.isEmpty() ? new LinkedHashSet<>(Set.of("*")) : include);
			service.setExclude(trimmed(this.exclude));
			Status status = this.status;
			Map<String, ServingStatus> mapping = codes((status != null) ? status.mapping() : null);
			if (!mapping.isEmpty()) {
				// Spring Boot's service mapping replaces the global one as well as the
				// defaults.
				Set<String> known = new LinkedHashSet<>(DEFAULT_CODES);
				known.addAll(codes(globalCodes));
				service.getStatusMapping().putAll(replacing(mapping, known));
			}
			List<String> order = (status != null && status.order() != null && !status.order().isEmpty())
					? status.order() : globalOrder;
			service.setStatusOrder(new ArrayList<>(order));
			String property = "grpc.health.services[" + name + "]";
			GrpcHealthProperties.Service existing = target.getServices().get(name);
			if (existing == null) {
				target.getServices().put(name, service);
				return;
			}
			String bootProperty = "service[" + name + "]";
			agree(conflicts, bootProperty + ".include", service.getInclude(), property + ".include",
					trimmed(existing.getInclude()));
			agree(conflicts, bootProperty + ".exclude", service.getExclude(), property + ".exclude",
					trimmed(existing.getExclude()));
			if (existing.getGroup() != null) {
				conflicts.add(PREFIX + "." + bootProperty + " includes contributors, " + property + ".group mirrors '"
						+ existing.getGroup() + "'");
			}
			if (!service.getStatusMapping().isEmpty()) {
				agreeMapping(conflicts, bootProperty + ".status.mapping", mapping, service.getStatusMapping(),
						property + ".status-mapping", new SimpleServingStatusMapper(existing.getStatusMapping(),
								new SimpleServingStatusMapper(target.getStatusMapping())));
			}
			if (!service.getStatusOrder().isEmpty()) {
				agree(conflicts, bootProperty + ".status.order", service.getStatusOrder(), property + ".status-order",
						existing.getStatusOrder());
			}
		}

	}

	record Status(@Nullable List<String> order, @Nullable Map<String, ServingStatus> mapping) {

	}

	record Schedule(@DurationUnit(ChronoUnit.SECONDS) @Nullable Duration period) {

	}

	/**
	 * What a native image needs: the classes {@link #postProcessEnvironment} looks up by
	 * name at run time (an environment post-processor runs before any condition, and in a
	 * native image a class that is not declared is not found by name, so Spring Boot's
	 * own health service would stay on beside ours), and binding the records above.
	 * Registered through {@code META-INF/spring/aot.factories}, not on the
	 * auto-configuration, where it would be loaded with it at every start.
	 */
	static class Hints implements RuntimeHintsRegistrar {

		@Override
		public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
			for (String name : REQUIRED_CLASSES) {
				hints.reflection().registerType(TypeReference.of(name));
			}
			BindableRuntimeHintsRegistrar.forTypes(BootHealth.class).registerHints(hints, classLoader);
		}

	}

}
