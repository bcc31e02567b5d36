package io.github.healthgrpc;

/**
 * Maps a health status code ({@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE},
 * {@code UNKNOWN} or one of the application's own) to the {@link ServingStatus} that gRPC
 * clients see. Declare a bean of this type to replace the default, which
 * {@code grpc.health.status-mapping} configures.
 */
@FunctionalInterface
public interface ServingStatusMapper {

	/**
	 * Returns the serving status for a health status.
	 * @param statusCode the aggregated status code of a published name, as Actuator
	 * reports it
	 * @return the serving status, never {@code null}
	 */
	ServingStatus map(String statusCode);

}
