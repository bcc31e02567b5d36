package io.github.healthgrpc.internal.boot;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.engine.StatusPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name's own status-mapping and status-order: unset, the application's; set, on top of
 * the application's mapper, whichever it is.
 */
class GrpcHealthStatusPolicyTests {

	private final ServingStatusMapper applications = (code) -> ServingStatus.UNKNOWN;

	@Test
	void withNeitherTheNameHasTheApplicationsOrderAndMapping() {
		assertThat(GrpcHealthEngineConfiguration.policy(List.of(), Map.of(), this.applications))
			.isEqualTo(StatusPolicy.DEFAULT);
	}

	@Test
	void itsOwnMappingWinsAndEveryOtherCodeIsMappedByTheApplicationsMapper() {
		ServingStatusMapper mapper = GrpcHealthEngineConfiguration
			.policy(List.of(), Map.of("degraded", ServingStatus.SERVING), this.applications)
			.mapper();
		assertThat(mapper.map("DEGRADED")).isEqualTo(ServingStatus.SERVING);
		assertThat(mapper.map("DOWN")).isEqualTo(ServingStatus.UNKNOWN);
	}

	@Test
	void itsOwnOrderDecidesWhichCodeWins() {
		StatusPolicy policy = GrpcHealthEngineConfiguration.policy(List.of("DEGRADED", "DOWN", "UP"), Map.of(),
				this.applications);
		assertThat(policy.mapper()).isNull();
		assertThat(policy.aggregator().aggregate(Set.of("DOWN", "DEGRADED"))).isEqualTo("DEGRADED");
	}

}
