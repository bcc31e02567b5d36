package io.github.healthgrpc.internal.boot.testing;

import java.util.Map;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.internal.engine.HealthEngine;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests read of a context with health-grpc, through the API application code
 * uses, and what they do to it.
 */
public final class TestContexts {

	private TestContexts() {
	}

	/**
	 * What Check answers for a name.
	 * @param context the context
	 * @param name the name
	 * @return the status, {@code null} for a name not published
	 */
	public static ServingStatus status(ApplicationContext context, String name) {
		return context.getBean(ServingStatusManager.class).getServingStatus(name);
	}

	/**
	 * Every published name's status.
	 * @param context the context
	 * @return the statuses by name
	 */
	public static Map<String, ServingStatus> statuses(ApplicationContext context) {
		return context.getBean(ServingStatusManager.class).getServingStatuses();
	}

	/**
	 * Evaluates the contributors now, and publishes the outcome before returning.
	 * @param context the context
	 */
	public static void refresh(ApplicationContext context) {
		context.getBean(HealthEngine.class).refreshNow();
	}

	/**
	 * An indicator of {@link SpringBootLine#withIndicator}.
	 * @param context the context
	 * @param name the contributor's name
	 * @return the indicator
	 */
	public static IndicatorSwitch indicator(ApplicationContext context, String name) {
		return context.getBean(name + "HealthIndicator", IndicatorSwitch.class);
	}

	/**
	 * Every message in the start-up failure's cause chain: the one naming the property
	 * may be any.
	 * @param context a context that failed to start
	 * @return the messages, one a line
	 */
	public static String failureMessages(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		StringBuilder messages = new StringBuilder();
		for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
			messages.append(ex.getMessage()).append('\n');
		}
		return messages.toString();
	}

}
