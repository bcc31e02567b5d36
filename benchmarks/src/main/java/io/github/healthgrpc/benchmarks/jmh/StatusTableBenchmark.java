package io.github.healthgrpc.benchmarks.jmh;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The status table alone: the read that every Check makes, and a write that changes a
 * status.
 */
@State(Scope.Benchmark)
public class StatusTableBenchmark {

	private final HealthStatusTable table = new HealthStatusTable();

	private final HealthStatusManager stock = new HealthStatusManager();

	private boolean serving;

	@Setup
	public void fill() {
		for (int i = 0; i < 20; i++) {
			this.table.set("acme.Service" + i, ServingStatus.SERVING);
			this.stock.setStatus("acme.Service" + i, HealthCheckResponse.ServingStatus.SERVING);
		}
	}

	@Benchmark
	public ServingStatus oursGet() {
		return this.table.get("acme.Service7");
	}

	@Benchmark
	public void oursSet() {
		this.serving = !this.serving;
		this.table.set("acme.Service7", this.serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
	}

	@Benchmark
	public void stockSet() {
		this.serving = !this.serving;
		this.stock.setStatus("acme.Service7", this.serving ? HealthCheckResponse.ServingStatus.SERVING
				: HealthCheckResponse.ServingStatus.NOT_SERVING);
	}

}
