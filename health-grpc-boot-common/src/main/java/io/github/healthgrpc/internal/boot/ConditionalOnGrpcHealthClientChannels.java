package io.github.healthgrpc.internal.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one channel is listed under {@code grpc.health.client.channels}
 * and {@code grpc.health.client.enabled} is not false: without channels there is nothing
 * to watch and no {@code grpcClients} contributor.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(ConditionalOnGrpcHealthClientChannels.OnChannelsCondition.class)
public @interface ConditionalOnGrpcHealthClientChannels {

	/**
	 * The condition.
	 */
	class OnChannelsCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Binder binder = Binder.get(context.getEnvironment());
			String prefix = GrpcHealthClientProperties.PREFIX;
			if (!binder.bind(prefix + ".enabled", Boolean.class).orElse(true)) {
				return ConditionOutcome.noMatch(prefix + ".enabled is false");
			}
			boolean channels = binder.bind(prefix + ".channels", Bindable.mapOf(String.class, Object.class))
				.map((map) -> !map.isEmpty())
				.orElse(false);
			return channels ? ConditionOutcome.match(prefix + ".channels lists channels")
					: ConditionOutcome.noMatch("no " + prefix + ".channels");
		}

	}

}
