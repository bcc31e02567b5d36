package io.github.healthgrpc.internal.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ContributorTests {

	/**
	 * A framework's contributor: a status (an indicator), members (a composite), or
	 * neither.
	 */
	private record Foreign(@Nullable String status, @Nullable Map<String, Foreign> members) {
	}

	private static final ContributorAdapter<Foreign> ADAPTER = new ContributorAdapter<>() {

		@Override
		public @Nullable HealthCheck check(Foreign contributor) {
			return (contributor.status() != null) ? new FixedCheck(contributor.status()) : null;
		}

		@Override
		public @Nullable Map<String, Foreign> members(Foreign contributor) {
			return contributor.members();
		}

	};

	private record FixedCheck(String status) implements HealthCheck {

		@Override
		public String check() {
			return this.status;
		}

	}

	@Test
	void indicatorsAndCompositesAreConvertedInOrderAndOtherKindsLeftOut() {
		Map<String, Foreign> stores = new LinkedHashMap<>();
		stores.put("secondary", new Foreign("DOWN", null));
		stores.put("primary", new Foreign("UP", null));
		Map<String, Foreign> top = new LinkedHashMap<>();
		top.put("stores", new Foreign(null, stores));
		top.put("db", new Foreign("UP", null));
		top.put("strange", new Foreign(null, null));
		List<Contributor> converted = Contributor.of(top, ADAPTER);
		assertThat(converted).containsExactly(
				new Contributor.Composite("stores",
						List.of(new Contributor.Indicator("secondary", new FixedCheck("DOWN")),
								new Contributor.Indicator("primary", new FixedCheck("UP")))),
				new Contributor.Indicator("db", new FixedCheck("UP")));
	}

	@Test
	void namesAndChecksAreRequired() {
		assertThatNullPointerException().isThrownBy(() -> new Contributor.Indicator(null, () -> "UP"))
			.withMessage("name must not be null");
		assertThatNullPointerException().isThrownBy(() -> new Contributor.Indicator("db", null))
			.withMessage("check must not be null");
		assertThatNullPointerException().isThrownBy(() -> new Contributor.Composite(null, List.of()))
			.withMessage("name must not be null");
	}

}
