package io.github.healthgrpc.internal.engine;

import java.util.Map;

import io.github.healthgrpc.ServingStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs what changed between two cycles: one line per name whose status changed, with the
 * reason, and a failing indicator when it starts failing and when it recovers, never
 * every cycle.
 */
final class TransitionLog implements EvaluationListener {

	private static final Log logger = LogFactory.getLog(TransitionLog.class);

	@Override
	public void evaluated(Evaluation previous, Evaluation current) {
		for (Evaluation.NameStatus status : current.names().values()) {
			Evaluation.NameStatus before = previous.names().get(status.name());
			if (before == null || before.servingStatus() != status.servingStatus()) {
				logTransition(status, before, current);
			}
		}
		for (String name : previous.names().keySet()) {
			if (!current.names().containsKey(name) && logger.isInfoEnabled()) {
				logger.info("gRPC health '" + name + "': removed, no longer published");
			}
		}
		for (Map.Entry<String, IndicatorResult> indicator : current.indicators().entrySet()) {
			String path = indicator.getKey();
			IndicatorResult result = indicator.getValue();
			IndicatorResult before = previous.indicators().get(path);
			boolean failing = result.outcome().isFailure();
			boolean wasFailing = before != null && before.outcome().isFailure();
			if (failing && !wasFailing) {
				logger.warn("Health contributor '" + path + "' is failing, counted as DOWN: " + result.reason());
			}
			else if (!failing && wasFailing && logger.isInfoEnabled()) {
				logger.info("Health contributor '" + path + "' answers again: " + result.status());
			}
		}
	}

	private static void logTransition(Evaluation.NameStatus status, Evaluation.@Nullable NameStatus before,
			Evaluation evaluation) {
		if (before == null && status.servingStatus() == ServingStatus.SERVING) {
			// Names appearing healthy are the normal start: not worth a line each. The
			// level is asked first because the first evaluation runs while the
			// application starts, and building an unused message costs a cold JVM more
			// than the check (each concatenation links once, some milliseconds in all).
			if (logger.isDebugEnabled()) {
				logger.debug("gRPC health '" + status.name() + "': SERVING");
			}
			return;
		}
		if (!logger.isInfoEnabled()) {
			return;
		}
		String reason = evaluation.reason(status);
		logger.info("gRPC health '" + status.name() + "': " + ((before != null) ? before.servingStatus() : "(new)")
				+ " -> " + status.servingStatus() + " (status " + status.statusCode()
				+ ((reason != null) ? "; " + reason : "") + ")");
	}

}
