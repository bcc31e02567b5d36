package io.github.healthgrpc.internal.engine;

import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.internal.model.StatusAggregator;
import io.github.healthgrpc.internal.model.StatusCodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContributorTreeTests {

	private final Map<String, String> statuses = Map.of("db", StatusCodes.UP, "stores/primary", StatusCodes.UP,
			"stores/secondary", StatusCodes.DOWN, "stores/cache/local", StatusCodes.OUT_OF_SERVICE);

	private final ContributorTree tree = ContributorTree.of(TestContributors.sample().get());

	private final StatusAggregator aggregator = StatusAggregator.ordered(StatusCodes.DEFAULT_ORDER);

	@Test
	void pathsListIndicatorsAndCompositesParentsFirst() {
		assertThat(this.tree.paths()).containsExactly("db", "stores", "stores/primary", "stores/secondary",
				"stores/cache", "stores/cache/local");
		assertThat(this.tree.indicators()).containsOnlyKeys("db", "stores/primary", "stores/secondary",
				"stores/cache/local");
		assertThat(this.tree.contains("stores/cache")).isTrue();
		assertThat(this.tree.contains("stores/cache/remote")).isFalse();
	}

	@Test
	void aLeafScopeIsItsOwnStatus() {
		assertThat(
				this.tree.aggregate("stores/secondary", ContributorPathPredicate.all(), this.aggregator, this.statuses))
			.isEqualTo(StatusCodes.DOWN);
	}

	@Test
	void aLeafScopeIsItsOwnStatusEvenOneTheOrderDoesNotKnow() {
		// As Actuator shows one indicator: as it is, not aggregated into UNKNOWN.
		assertThat(this.tree.aggregate("stores/primary", ContributorPathPredicate.all(), this.aggregator,
				Map.of("stores/primary", "DEGRADED")))
			.isEqualTo("DEGRADED");
	}

	@Test
	void aCompositeScopeAggregatesItsMembers() {
		assertThat(this.tree.aggregate("stores", ContributorPathPredicate.all(), this.aggregator, this.statuses))
			.isEqualTo(StatusCodes.DOWN);
		assertThat(this.tree.aggregate("stores/cache", ContributorPathPredicate.all(), this.aggregator, this.statuses))
			.isEqualTo(StatusCodes.OUT_OF_SERVICE);
	}

	@Test
	void membershipIsTestedOnIndicatorPaths() {
		ContributorPathPredicate members = ContributorPathPredicate.of(Set.of("db", "stores/primary"), Set.of());
		assertThat(this.tree.members(null, members)).containsExactly("db", "stores/primary");
		assertThat(this.tree.aggregate(null, members, this.aggregator, this.statuses)).isEqualTo(StatusCodes.UP);
	}

	@Test
	void compositesAreAggregatedLevelByLevelAsActuatorDoes() {
		// An aggregator that says UP whenever it sees exactly two statuses shows whether
		// composites
		// are aggregated first (stores -> DOWN,OOS,UP -> DOWN; top: UP,DOWN -> UP) or
		// flattened.
		StatusAggregator pairsAreUp = (set) -> (set.size() == 2) ? StatusCodes.UP : this.aggregator.aggregate(set);
		assertThat(this.tree.aggregate(null, ContributorPathPredicate.all(), pairsAreUp, this.statuses))
			.isEqualTo(StatusCodes.UP);
	}

	@Test
	void nothingSelectedGivesNoStatus() {
		ContributorPathPredicate none = ContributorPathPredicate.of(Set.of("redis"), Set.of());
		assertThat(this.tree.aggregate(null, none, this.aggregator, this.statuses)).isNull();
		assertThat(this.tree.aggregate("missing", ContributorPathPredicate.all(), this.aggregator, this.statuses))
			.isNull();
	}

}
