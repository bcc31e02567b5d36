package io.github.healthgrpc.benchmarks.baseline;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;

/**
 * Baseline: the per-call Actuator bridge, the approach of net.devh's unreleased ACTUATOR
 * health mode. Every Check evaluates the health endpoint (every indicator) on the gRPC
 * thread that serves the call, so a Check takes as long as the slowest indicator. Watch
 * is not implemented ({@code UNIMPLEMENTED}), as there.
 */
public final class PerCallActuatorHealthService extends HealthGrpc.HealthImplBase {

	private final HealthEndpoint endpoint;

	public PerCallActuatorHealthService(HealthEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
		String service = request.getService();
		HealthComponent health = service.isEmpty() ? this.endpoint.health() : this.endpoint.healthForPath(service);
		if (health == null) {
			response.onError(Status.NOT_FOUND.withDescription("unknown service " + service).asException());
			return;
		}
		response.onNext(HealthCheckResponse.newBuilder().setStatus(toServingStatus(health)).build());
		response.onCompleted();
	}

	private static HealthCheckResponse.ServingStatus toServingStatus(HealthComponent health) {
		String code = health.getStatus().getCode();
		return switch (code) {
			case "UP" -> HealthCheckResponse.ServingStatus.SERVING;
			case "DOWN", "OUT_OF_SERVICE" -> HealthCheckResponse.ServingStatus.NOT_SERVING;
			default -> HealthCheckResponse.ServingStatus.UNKNOWN;
		};
	}

}
