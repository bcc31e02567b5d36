package io.github.healthgrpc.benchmarks.baseline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.ContributorAdapter;
import io.github.healthgrpc.internal.model.ContributorSource;
import io.github.healthgrpc.internal.model.HealthCheck;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthServiceSettings;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * health-grpc assembled without Spring, as its auto-configuration assembles it by
 * default: a {@link HealthEngine} (status table, the gRPC service over it, and the
 * background evaluation) fed by Actuator indicators.
 */
public final class Contenders {

	private Contenders() {
	}

	/**
	 * health-grpc fed by Actuator indicators, refreshed every interval (first cycle
	 * already done).
	 */
	public static Ours ours(HealthContributorRegistry registry, Duration refreshInterval) {
		HealthEngine engine = HealthEngine.builder(source(registry)).build();
		engine.start(refreshInterval);
		return new Ours(engine);
	}

	/** health-grpc over a table that the benchmark writes itself. */
	public static HealthGrpcService ours(HealthStatusTable table) {
		return new HealthGrpcService(table, HealthServiceSettings.defaults());
	}

	/** Actuator's contributors in the engine's model, read again at every cycle. */
	static ContributorSource source(HealthContributorRegistry registry) {
		return () -> Contributor.of(members(registry), ActuatorAdapter.INSTANCE);
	}

	private static Map<String, HealthContributor> members(Iterable<NamedContributor<HealthContributor>> named) {
		Map<String, HealthContributor> members = new LinkedHashMap<>();
		named.forEach((contributor) -> members.put(contributor.getName(), contributor.getContributor()));
		return members;
	}

	/**
	 * health-grpc with its engine.
	 *
	 * @param engine the engine; close it when done
	 */
	public record Ours(HealthEngine engine) implements AutoCloseable {

		/** The table that Check, Watch and List answer from. */
		public HealthStatusTable table() {
			return this.engine.statusTable();
		}

		/** The gRPC service. */
		public HealthGrpcService service() {
			return this.engine.grpcService();
		}

		@Override
		public void close() {
			this.engine.close();
		}

	}

	/**
	 * Tells Actuator's indicators and composites apart; reactive contributors are left
	 * out.
	 */
	private enum ActuatorAdapter implements ContributorAdapter<HealthContributor> {

		INSTANCE;

		@Override
		public HealthCheck check(HealthContributor contributor) {
			return (contributor instanceof HealthIndicator indicator) ? new IndicatorCheck(indicator) : null;
		}

		@Override
		public Map<String, HealthContributor> members(HealthContributor contributor) {
			return (contributor instanceof CompositeHealthContributor composite) ? Contenders.members(composite) : null;
		}

	}

	/**
	 * One call of an Actuator indicator: its status code. A record, so that the checks
	 * made for the same indicator at different cycles are equal (the engine calls one
	 * indicator at most once at a time).
	 */
	private record IndicatorCheck(HealthIndicator indicator) implements HealthCheck {

		@Override
		public String check() {
			Health health = this.indicator.health();
			return (health != null) ? health.getStatus().getCode() : null;
		}

	}

}
