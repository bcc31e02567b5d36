package io.github.healthgrpc.benchmarks.baseline;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.bridge.ContributorEvaluator;
import io.github.healthgrpc.bridge.ContributorPathPredicate;
import io.github.healthgrpc.bridge.HealthNameCatalog;
import io.github.healthgrpc.bridge.HealthStatusUpdater;
import io.github.healthgrpc.bridge.SimpleServingStatusMapper;
import io.github.healthgrpc.protocol.HealthGrpcService;
import io.github.healthgrpc.protocol.HealthServiceSettings;
import io.github.healthgrpc.protocol.HealthStatusTable;

import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.StatusAggregator;

/**
 * health-grpc assembled without Spring, as its auto-configuration assembles it by default: the status
 * table, the gRPC service over it, and the updater that evaluates the Actuator indicators in the
 * background.
 */
public final class Contenders {

	private Contenders() {
	}

	/** health-grpc fed by Actuator indicators, refreshed every interval (first cycle already done). */
	public static Ours ours(HealthContributorRegistry registry, Duration refreshInterval) {
		HealthStatusTable table = new HealthStatusTable();
		HealthNameCatalog catalog = new HealthNameCatalog(null, StatusAggregator.getDefault(),
				ContributorPathPredicate.all(), ContributorPathPredicate.all(), Map.of(), Set::of);
		HealthStatusUpdater updater = new HealthStatusUpdater(registry, catalog,
				new ContributorEvaluator(Duration.ofSeconds(2)), new SimpleServingStatusMapper(Map.of()), table);
		updater.refreshNow();
		updater.start(refreshInterval);
		return new Ours(table, new HealthGrpcService(table, HealthServiceSettings.defaults()), updater);
	}

	/** health-grpc over a table that the benchmark writes itself. */
	public static HealthGrpcService ours(HealthStatusTable table) {
		return new HealthGrpcService(table, HealthServiceSettings.defaults());
	}

	/**
	 * health-grpc with its bridge.
	 *
	 * @param table the status table
	 * @param service the gRPC service
	 * @param updater the background evaluation; close it when done
	 */
	public record Ours(HealthStatusTable table, HealthGrpcService service, HealthStatusUpdater updater)
			implements AutoCloseable {

		@Override
		public void close() {
			this.updater.close();
		}

	}

}
