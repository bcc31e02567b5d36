package io.github.healthgrpc.internal.boot;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.model.StatusAggregator;
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
		assertThat(GrpcHealthEngineConfiguration.order(List.of())).isNull();
		assertThat(GrpcHealthEngineConfiguration.mapping(Map.of(), this.applications)).isNull();
	}

	@Test
	void itsOwnMappingWinsAndEveryOtherCodeIsMappedByTheApplicationsMapper() {
		ServingStatusMapper mapper = GrpcHealthEngineConfiguration.mapping(Map.of("degraded", ServingStatus.SERVING),
				this.applications);
		assertThat(mapper.map("DEGRADED")).isEqualTo(ServingStatus.SERVING);
		assertThat(mapper.map("DOWN")).isEqualTo(ServingStatus.UNKNOWN);
	}

	@Test
	void itsOwnOrderDecidesWhichCodeWins() {
		StatusAggregator order = GrpcHealthEngineConfiguration.order(List.of("DEGRADED", "DOWN", "UP"));
		assertThat(order.aggregate(Set.of("DOWN", "DEGRADED"))).isEqualTo("DEGRADED");
	}

}
