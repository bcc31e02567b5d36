package io.github.healthgrpc.internal.boot;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one channel is listed under {@code grpc.health.client.channels}
 * and {@code grpc.health.client.enabled} is not false: without channels there is nothing
 * to watch and no {@code grpcClients} contributor. Used with {@code @Conditional}
 * directly, without an annotation of its own: the one class of health-grpc that an
 * application without watched channels loads for them.
 */
public final class GrpcHealthClientChannelsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		String prefix = GrpcHealthClientProperties.PREFIX;
		if (!binder.bind(prefix + ".enabled", Boolean.class).orElse(true)) {
			return ConditionOutcome.noMatch(prefix + ".enabled is false");
		}
		Map<String, Object> channels = binder.bind(prefix + ".channels", Bindable.mapOf(String.class, Object.class))
			.orElse(null);
		return (channels != null && !channels.isEmpty()) ? ConditionOutcome.match(prefix + ".channels lists channels")
				: ConditionOutcome.noMatch("no " + prefix + ".channels");
	}

}
