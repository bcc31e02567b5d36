package io.github.healthgrpc.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.HealthCheck;

/** Contributors for tests, changeable at run time as a registry is. */
final class TestContributors implements Supplier<List<Contributor>> {

	private final List<Contributor> contributors = new CopyOnWriteArrayList<>();

	TestContributors(Contributor... contributors) {
		this.contributors.addAll(List.of(contributors));
	}

	static Contributor indicator(String name, HealthCheck check) {
		return new Contributor.Indicator(name, check);
	}

	static Contributor composite(String name, Contributor... members) {
		return new Contributor.Composite(name, List.of(members));
	}

	/**
	 * {@code db}, and {@code stores} with {@code primary}, {@code secondary} and
	 * {@code cache/local}.
	 */
	static TestContributors sample() {
		return new TestContributors(indicator("db", TestIndicator.up()),
				composite("stores", indicator("primary", TestIndicator.up()),
						indicator("secondary", TestIndicator.up()),
						composite("cache", indicator("local", TestIndicator.up()))));
	}

	void add(Contributor contributor) {
		this.contributors.add(contributor);
	}

	void remove(String name) {
		this.contributors.removeIf((contributor) -> contributor.name().equals(name));
	}

	@Override
	public List<Contributor> get() {
		return new ArrayList<>(this.contributors);
	}

}
