package io.github.healthgrpc.internal.boot;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.HealthGroup;

import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * What a Spring Boot line gives the engine: its Actuator health, adapted to the engine's
 * model, and the gRPC services of its server. The one bean each line's auto-configuration
 * must define.
 *
 * @param contributors the health contributors, asked at every cycle
 * @param primaryGroup the whole application, named {@code ""}: what it aggregates and its
 * status order
 * @param groups the named health groups
 * @param showDetails whether a caller of the {@code grpchealth} endpoint may see why a
 * name is not UP, as Actuator's health endpoint decides for its details
 * @param grpcServiceNames the gRPC services registered in the server, other than the
 * health service itself
 */
public record HealthSources(Supplier<List<Contributor>> contributors, HealthGroup primaryGroup,
		List<HealthGroup> groups, Predicate<SecurityContext> showDetails,
		Supplier<? extends Collection<String>> grpcServiceNames) {

	public HealthSources {
		Objects.requireNonNull(contributors, "contributors must not be null");
		Objects.requireNonNull(primaryGroup, "primaryGroup must not be null");
		groups = List.copyOf(groups);
		Objects.requireNonNull(showDetails, "showDetails must not be null");
		Objects.requireNonNull(grpcServiceNames, "grpcServiceNames must not be null");
	}

}
