package io.github.healthgrpc.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.DefaultHealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.SimpleStatusAggregator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;

class ContributorTreeTests {

	private final Map<String, Status> statuses = Map.of("db", Status.UP, "stores/primary", Status.UP,
			"stores/secondary", Status.DOWN, "stores/cache/local", Status.OUT_OF_SERVICE);

	private final ContributorTree tree = ContributorTree.of(registry());

	private final StatusAggregator aggregator = StatusAggregator.getDefault();

	@Test
	void pathsListIndicatorsAndCompositesParentsFirst() {
		assertThat(this.tree.paths()).containsExactly("db", "stores", "stores/primary", "stores/secondary",
				"stores/cache", "stores/cache/local");
		assertThat(this.tree.indicators()).containsOnlyKeys("db", "stores/primary", "stores/secondary",
				"stores/cache/local");
	}

	@Test
	void aLeafScopeIsItsOwnStatus() {
		assertThat(this.tree.aggregate("stores/secondary", ContributorPathPredicate.all(), this.aggregator,
				this.statuses::get))
			.isEqualTo(Status.DOWN);
	}

	@Test
	void aCompositeScopeAggregatesItsMembers() {
		assertThat(this.tree.aggregate("stores", ContributorPathPredicate.all(), this.aggregator,
				this.statuses::get))
			.isEqualTo(Status.DOWN);
		assertThat(this.tree.aggregate("stores/cache", ContributorPathPredicate.all(), this.aggregator,
				this.statuses::get))
			.isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void membershipIsTestedOnIndicatorPaths() {
		ContributorPathPredicate members = ContributorPathPredicate.of(Set.of("db", "stores/primary"), Set.of());
		assertThat(this.tree.members(null, members)).containsExactly("db", "stores/primary");
		assertThat(this.tree.aggregate(null, members, this.aggregator, this.statuses::get)).isEqualTo(Status.UP);
	}

	@Test
	void compositesAreAggregatedLevelByLevelAsActuatorDoes() {
		// An aggregator that says UP whenever it sees exactly two statuses shows whether composites
		// are aggregated first (stores -> DOWN,OOS,UP -> DOWN; top: UP,DOWN -> UP) or flattened.
		StatusAggregator pairsAreUp = (set) -> (set.size() == 2) ? Status.UP
				: new SimpleStatusAggregator().getAggregateStatus(set);
		assertThat(this.tree.aggregate(null, ContributorPathPredicate.all(), pairsAreUp, this.statuses::get))
			.isEqualTo(Status.UP);
	}

	@Test
	void nothingSelectedGivesNoStatus() {
		ContributorPathPredicate none = ContributorPathPredicate.of(Set.of("redis"), Set.of());
		assertThat(this.tree.aggregate(null, none, this.aggregator, this.statuses::get)).isNull();
		assertThat(this.tree.aggregate("missing", ContributorPathPredicate.all(), this.aggregator,
				this.statuses::get))
			.isNull();
	}

	static DefaultHealthContributorRegistry registry() {
		Map<String, HealthContributor> cache = Map.of("local", SwitchableIndicator.up());
		Map<String, HealthContributor> stores = new LinkedHashMap<>();
		stores.put("primary", SwitchableIndicator.up());
		stores.put("secondary", SwitchableIndicator.up());
		stores.put("cache", CompositeHealthContributor.fromMap(cache));
		Map<String, HealthContributor> contributors = new LinkedHashMap<>();
		contributors.put("db", SwitchableIndicator.up());
		contributors.put("stores", CompositeHealthContributor.fromMap(stores));
		return new DefaultHealthContributorRegistry(contributors);
	}

}
