package io.github.healthgrpc.internal.protocol;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * The failures of watchers and listeners while a test runs. The table and its
 * subscriptions never let one reach the writer (they log it and go on), so "a status
 * change never throws because of a Watch" can only be checked here. Close it to stop
 * capturing.
 */
final class ListenerFailures implements AutoCloseable {

	private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(HealthStatusTable.class),
			(Logger) LoggerFactory.getLogger(Subscriptions.class));

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private ListenerFailures() {
		this.appender.start();
		for (Logger logger : this.loggers) {
			logger.addAppender(this.appender);
		}
	}

	static ListenerFailures capture() {
		return new ListenerFailures();
	}

	/** The failures, as "message: exception". */
	List<String> failures() {
		List<ILoggingEvent> events;
		// The appender appends under its own monitor.
		synchronized (this.appender) {
			events = List.copyOf(this.appender.list);
		}
		return events.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN))
			.map((event) -> event.getFormattedMessage() + ": " + thrown(event.getThrowableProxy()))
			.toList();
	}

	private static String thrown(IThrowableProxy thrown) {
		return (thrown != null) ? thrown.getClassName() + ": " + thrown.getMessage() : "null";
	}

	@Override
	public void close() {
		for (Logger logger : this.loggers) {
			logger.detachAppender(this.appender);
		}
		this.appender.stop();
	}

}
