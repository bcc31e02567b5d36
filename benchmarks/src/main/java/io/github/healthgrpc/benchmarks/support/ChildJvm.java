package io.github.healthgrpc.benchmarks.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started for one measurement, driven by lines: commands on its stdin, answers on
 * its stdout. Its stderr goes to a log file, named in errors. {@link #close()} always
 * ends it.
 */
public final class ChildJvm implements AutoCloseable {

	private static final String EOF = "\u0000EOF";

	private final String name;

	private final Process process;

	private final Writer commands;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	/** Every line so far with the {@link System#nanoTime()} at which it was read. */
	private final List<TimedLine> timeline = new ArrayList<>();

	/** Whether stdout has ended (guarded by {@link #timeline}). */
	private boolean outputEnded;

	private final Path log;

	private final long startedNanos;

	private ChildJvm(String name, Process process, Path log, long startedNanos) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.startedNanos = startedNanos;
		this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread reader = new Thread(this::readLines, "child-stdout-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts {@code java [jvmOptions] -cp classpath mainClass args}, with this JVM's
	 * java.
	 */
	public static ChildJvm start(String name, List<String> classpath, List<String> jvmOptions, String mainClass,
			List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(String.join(java.io.File.pathSeparator, classpath));
		command.add(mainClass);
		command.addAll(args);
		try {
			Path log = Files.createTempFile("health-grpc-bench-" + name.replaceAll("[^A-Za-z0-9]", "-") + "-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
			long started = System.nanoTime();
			return new ChildJvm(name, builder.start(), log, started);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name, ex);
		}
	}

	/** {@link System#nanoTime()} just before the process was started. */
	public long startedNanos() {
		return this.startedNanos;
	}

	public Process process() {
		return this.process;
	}

	public void send(String command) {
		try {
			this.commands.write(command + "\n");
			this.commands.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException(this.name + " does not take commands any more: " + describeEnd(), ex);
		}
	}

	/**
	 * Waits for the next line that starts with a prefix, skipping others; returns the
	 * rest of it.
	 */
	public String expect(String prefix, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			String line;
			try {
				line = (left > 0) ? this.lines.poll(left, TimeUnit.NANOSECONDS) : null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
			}
			if (line == null) {
				throw new IllegalStateException(this.name + " did not say '" + prefix + "' within "
						+ timeout.toSeconds() + " s; log: " + this.log);
			}
			if (line == EOF) {
				this.lines.add(EOF);
				throw new IllegalStateException(this.name + " ended before saying '" + prefix + "': " + describeEnd());
			}
			if (line.startsWith(prefix)) {
				return line.substring(prefix.length()).trim();
			}
		}
	}

	/**
	 * Waits until a line that starts with a prefix has been read, at any time since the
	 * start (unlike {@link #expect}, this skips nothing and can be asked again).
	 * @return the {@link System#nanoTime()} at which the first such line was read
	 */
	public long awaitSeen(String prefix, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.timeline) {
			while (true) {
				for (TimedLine line : this.timeline) {
					if (line.text().startsWith(prefix)) {
						return line.nanos();
					}
				}
				if (this.outputEnded) {
					throw new IllegalStateException(
							this.name + " ended before saying '" + prefix + "': " + describeEnd());
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IllegalStateException(this.name + " did not say '" + prefix + "' within "
							+ timeout.toSeconds() + " s: " + describeEnd());
				}
				try {
					this.timeline.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
				}
			}
		}
	}

	/** Sends a command and waits for its answer line. */
	public String ask(String command, String answerPrefix, Duration timeout) {
		send(command);
		return expect(answerPrefix, timeout);
	}

	/** Waits for the process to end; returns whether it did. */
	public boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public Path log() {
		return this.log;
	}

	private String describeEnd() {
		String tail = "";
		try {
			List<String> logLines = Files.readAllLines(this.log);
			tail = String.join("\n  ", logLines.subList(Math.max(0, logLines.size() - 15), logLines.size()));
		}
		catch (IOException ex) {
			// no log
		}
		return (this.process.isAlive() ? "still running" : "exit code " + this.process.exitValue()) + "; log "
				+ this.log + (tail.isEmpty() ? "" : ":\n  " + tail);
	}

	private void readLines() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				long now = System.nanoTime();
				synchronized (this.timeline) {
					this.timeline.add(new TimedLine(line, now));
					this.timeline.notifyAll();
				}
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// process gone
		}
		finally {
			synchronized (this.timeline) {
				this.outputEnded = true;
				this.timeline.notifyAll();
			}
			this.lines.add(EOF);
		}
	}

	private record TimedLine(String text, long nanos) {
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!awaitExit(Duration.ofSeconds(10))) {
				this.process.destroyForcibly();
				awaitExit(Duration.ofSeconds(10));
			}
		}
		try {
			// Keep logs of failed children only.
			if (this.process.exitValue() == 0 || this.process.exitValue() == 143) {
				Files.deleteIfExists(this.log);
			}
		}
		catch (IOException | IllegalThreadStateException ex) {
			// left behind in the temp directory
		}
	}

}
