package io.github.healthgrpc.internal.boot.testing;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the contracts of this package need of one Spring Boot line, written once by each
 * line: the auto-configurations a test context is built from, the line's health API
 * (Spring Boot 3.5's {@code org.springframework.boot.actuate.health}, Spring Boot 4's
 * {@code org.springframework.boot.health}), and its test application. The contracts are
 * compiled against Spring Boot 3.5 and run on either line, so they name no type of either
 * health API: contributors are {@code Object}s made here, statuses are status codes.
 */
public interface SpringBootLine {

	/**
	 * Spring Boot's health auto-configurations (contributors and their registry, the
	 * health endpoint, the disk space and ping indicators) and health-grpc's.
	 * @return the auto-configurations
	 */
	AutoConfigurations healthAndHealthGrpc();

	/**
	 * health-grpc's auto-configuration alone, without any of Spring Boot's health.
	 * @return the auto-configuration
	 */
	AutoConfigurations healthGrpcAlone();

	/**
	 * Switches the availability probes on: the {@code liveness} and {@code readiness}
	 * groups and the {@code livenessState} and {@code readinessState} contributors.
	 * @param runner a runner of {@link #healthAndHealthGrpc()}
	 * @return the runner with the probes
	 */
	ApplicationContextRunner withProbes(ApplicationContextRunner runner);

	/**
	 * Spring Boot's Micrometer auto-configurations that make a (simple) meter registry
	 * and bind the meter binder beans to it.
	 * @return the auto-configurations
	 */
	AutoConfigurations metrics();

	/**
	 * Spring Boot's Micrometer auto-configuration that binds the meter binder beans to
	 * the application's registry, and makes none.
	 * @return the auto-configuration
	 */
	AutoConfigurations metricsBinding();

	/**
	 * The health API's {@code HealthContributor}: what indicators and composites are
	 * registered as.
	 * @return the type
	 */
	Class<?> contributorType();

	/**
	 * The health API's {@code ReactiveHealthContributor}.
	 * @return the type
	 */
	Class<?> reactiveContributorType();

	/**
	 * An indicator of the health API that the test switches.
	 * @param status its status code at first
	 * @return the indicator
	 */
	IndicatorSwitch indicator(String status);

	/**
	 * A composite contributor of the health API.
	 * @param members indicators of {@link #indicator(String)} and composites, by name
	 * @return the composite
	 */
	Object composite(Map<String, Object> members);

	/**
	 * A reactive indicator of the health API.
	 * @param status the status code it answers
	 * @return the indicator
	 */
	Object reactiveIndicator(String status);

	/**
	 * A reactive composite contributor of the health API.
	 * @param members reactive indicators and composites, by name
	 * @return the composite
	 */
	Object reactiveComposite(Map<String, Object> members);

	/**
	 * Registers a contributor in the started context's contributor registry.
	 * @param context the context
	 * @param name the contributor's name
	 * @param contributor a contributor of the health API
	 */
	void registerContributor(ApplicationContext context, String name, Object contributor);

	/**
	 * What an indicator of the contributor registry answers.
	 * @param context the context
	 * @param path the names from the registry's root to the indicator
	 * @return its status code and details
	 */
	Answer health(ApplicationContext context, String... path);

	/**
	 * The status the health endpoint gives a path.
	 * @param context the context
	 * @param path the names from the root; none for the root
	 * @return the status code
	 */
	String endpointStatus(ApplicationContext context, String... path);

	/**
	 * The types of the beans Spring Boot makes only with the health endpoint.
	 * @return the types
	 */
	List<Class<?>> healthEndpointBeans();

	/**
	 * The types of the beans Spring Boot's health auto-configurations make: the
	 * contributor registries and the health endpoint.
	 * @return the types
	 */
	List<Class<?>> healthInfrastructureBeans();

	/**
	 * A value written as JSON by the JSON library the line's Actuator writes with, and
	 * read back.
	 * @param value the value
	 * @return the JSON object
	 * @throws Exception if it cannot be written
	 */
	Map<String, Object> json(Object value) throws Exception;

	/**
	 * Starts the line's test application ({@code TestGrpcApplication}, through
	 * {@link TestApplicationSupport}).
	 * @param dbStatus the status code of its {@code db} indicator at first
	 * @param properties more properties
	 * @return the started application
	 */
	ConfigurableApplicationContext start(String dbStatus, String... properties);

	/**
	 * Adds an indicator of {@link #indicator(String)}, one per context.
	 * @param runner the runner
	 * @param name the contributor's name (the bean is {@code <name>HealthIndicator})
	 * @param status its status code at first
	 * @return the runner with the indicator
	 */
	default ApplicationContextRunner withIndicator(ApplicationContextRunner runner, String name, String status) {
		return withContributor(runner, name + "HealthIndicator", () -> indicator(status));
	}

	/**
	 * Adds a contributor bean, one per context.
	 * @param runner the runner
	 * @param beanName the bean's name (the contributor's name with a suffix Spring Boot
	 * drops)
	 * @param contributor makes a contributor of the health API
	 * @return the runner with the contributor
	 */
	default ApplicationContextRunner withContributor(ApplicationContextRunner runner, String beanName,
			Supplier<?> contributor) {
		return withBean(runner, beanName, contributorType(), contributor);
	}

	/**
	 * Adds a reactive contributor bean, one per context.
	 * @param runner the runner
	 * @param beanName the bean's name
	 * @param contributor makes a reactive contributor of the health API
	 * @return the runner with the contributor
	 */
	default ApplicationContextRunner withReactiveContributor(ApplicationContextRunner runner, String beanName,
			Supplier<?> contributor) {
		return withBean(runner, beanName, reactiveContributorType(), contributor);
	}

	@SuppressWarnings("unchecked")
	private static <T> ApplicationContextRunner withBean(ApplicationContextRunner runner, String name, Class<?> type,
			Supplier<?> bean) {
		// Registered as the health API's type, which Spring Boot looks the beans up by.
		return runner.withBean(name, (Class<T>) type, (Supplier<T>) bean);
	}

	/**
	 * What an indicator answered.
	 *
	 * @param status its status code
	 * @param details its details
	 */
	record Answer(String status, Map<String, Object> details) {

	}

}
