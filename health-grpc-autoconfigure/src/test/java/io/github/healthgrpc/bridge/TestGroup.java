package io.github.healthgrpc.bridge;

import java.util.function.Predicate;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.StatusAggregator;

/** A health group for tests: a membership test and an aggregator. */
record TestGroup(Predicate<String> members, StatusAggregator aggregator) implements HealthEndpointGroup {

	TestGroup(Predicate<String> members) {
		this(members, StatusAggregator.getDefault());
	}

	@Override
	public boolean isMember(String name) {
		return this.members.test(name);
	}

	@Override
	public boolean showComponents(SecurityContext securityContext) {
		return true;
	}

	@Override
	public boolean showDetails(SecurityContext securityContext) {
		return true;
	}

	@Override
	public StatusAggregator getStatusAggregator() {
		return this.aggregator;
	}

	@Override
	public HttpCodeStatusMapper getHttpCodeStatusMapper() {
		return HttpCodeStatusMapper.DEFAULT;
	}

	@Override
	public AdditionalHealthEndpointPath getAdditionalPath() {
		return null;
	}

}
