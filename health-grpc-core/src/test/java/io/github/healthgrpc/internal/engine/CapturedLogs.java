package io.github.healthgrpc.internal.engine;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** The log lines of one class while a test runs; close it to stop capturing. */
final class CapturedLogs implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private CapturedLogs(String category) {
		this.logger = (Logger) LoggerFactory.getLogger(category);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	static CapturedLogs of(Class<?> source) {
		return new CapturedLogs(source.getName());
	}

	/** The log lines of one category that is not named after a class. */
	static CapturedLogs of(String category) {
		return new CapturedLogs(category);
	}

	/**
	 * The formatted messages, prefixed with their level, e.g.
	 * {@code "WARN gRPC health ..."}.
	 */
	List<String> lines() {
		return this.appender.list.stream()
			.map((event) -> event.getLevel() + " " + event.getFormattedMessage())
			.toList();
	}

	long count(String fragment) {
		return lines().stream().filter((line) -> line.contains(fragment)).count();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
	}

}
