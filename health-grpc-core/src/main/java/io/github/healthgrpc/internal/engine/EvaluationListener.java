package io.github.healthgrpc.internal.engine;

/**
 * Told of every completed evaluation cycle, on the cycle's thread, after the table is
 * updated.
 */
@FunctionalInterface
public interface EvaluationListener {

	/**
	 * A cycle completed.
	 * @param previous the cycle before ({@link Evaluation#NONE} for the first)
	 * @param current this cycle
	 */
	void evaluated(Evaluation previous, Evaluation current);

}
