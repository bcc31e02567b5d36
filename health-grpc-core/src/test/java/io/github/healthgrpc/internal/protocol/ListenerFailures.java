package io.github.healthgrpc.internal.protocol;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The failures of watchers and listeners while a test runs. The table never lets one
 * reach the writer (it logs it and goes on), so "a status change never throws because of
 * a Watch" can only be checked here. Close it to stop capturing.
 */
final class ListenerFailures extends Handler implements AutoCloseable {

	private final Logger logger = Logger.getLogger(HealthStatusTable.class.getName());

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private ListenerFailures() {
		setLevel(Level.WARNING);
		this.logger.addHandler(this);
	}

	static ListenerFailures capture() {
		return new ListenerFailures();
	}

	/** The failures, as "message: exception". */
	List<String> failures() {
		return this.records.stream().map((record) -> record.getMessage() + ": " + record.getThrown()).toList();
	}

	@Override
	public void publish(LogRecord record) {
		if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
			this.records.add(record);
		}
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		this.logger.removeHandler(this);
	}

}
