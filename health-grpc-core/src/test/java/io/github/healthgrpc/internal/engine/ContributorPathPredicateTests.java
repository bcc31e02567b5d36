package io.github.healthgrpc.internal.engine;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContributorPathPredicateTests {

	@Test
	void emptyIncludeMatchesEverything() {
		ContributorPathPredicate predicate = ContributorPathPredicate.of(Set.of(), Set.of());
		assertThat(predicate).accepts("db", "stores/primary");
	}

	@Test
	void starIncludesEverything() {
		assertThat(ContributorPathPredicate.of(Set.of("*"), Set.of())).accepts("db", "stores/primary");
	}

	@Test
	void aPathIncludesItselfAndEverythingBelowIt() {
		ContributorPathPredicate predicate = ContributorPathPredicate.of(Set.of("stores"), Set.of());
		assertThat(predicate).accepts("stores", "stores/primary", "stores/primary/replica").rejects("db", "storesx");
	}

	@Test
	void aMemberPathDoesNotIncludeItsParent() {
		ContributorPathPredicate predicate = ContributorPathPredicate.of(Set.of("stores/primary"), Set.of());
		assertThat(predicate).accepts("stores/primary").rejects("stores", "stores/secondary");
	}

	@Test
	void excludeWinsOverInclude() {
		ContributorPathPredicate predicate = ContributorPathPredicate.of(Set.of("*"), Set.of("stores/secondary"));
		assertThat(predicate).accepts("db", "stores/primary").rejects("stores/secondary");
	}

	@Test
	void excludeStarExcludesEverything() {
		assertThat(ContributorPathPredicate.of(Set.of("*"), Set.of("*"))).rejects("db");
	}

	@Test
	void patternsAreTrimmedAndBlankOnesIgnored() {
		ContributorPathPredicate predicate = ContributorPathPredicate.of(List.of(" db ", " "), List.of(""));
		assertThat(predicate).accepts("db").rejects("redis");
	}

	@Test
	void matchingIsCaseSensitiveAsInActuator() {
		assertThat(ContributorPathPredicate.of(Set.of("db"), Set.of())).rejects("DB");
	}

	@Test
	void namedPatternsAndToStringShowTheConfiguration() {
		ContributorPathPredicate predicate = ContributorPathPredicate.of(Set.of("*", "stores"), Set.of("stores/cache"));
		assertThat(predicate.namedPatterns()).containsExactlyInAnyOrder("stores", "stores/cache");
		assertThat(ContributorPathPredicate.of(Set.of(), Set.of("db"))).hasToString("include [*], exclude [db]");
		assertThat(ContributorPathPredicate.of(Set.of("db"), Set.of())).hasToString("include [db], exclude []");
	}

}
