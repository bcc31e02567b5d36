package io.github.healthgrpc.benchmarks.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started for one measurement, driven by lines: commands on its stdin, lines on its
 * stdout, each read with the time it arrived. Its stderr goes to a log file, kept if it
 * fails. {@link #close()} ends it.
 */
public final class ChildJvm implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private final long startedNanos = System.nanoTime();

	private final Writer commands;

	/** Lines not yet taken by {@link #await} (guarded by this). */
	private final List<Output> unread = new ArrayList<>();

	private boolean ended;

	/** A line of output, and the {@link System#nanoTime()} at which it was read. */
	public record Output(String text, long nanos) {

		/** The value of {@code name=value} in the line. */
		public String field(String name) {
			for (String part : this.text.split(" ")) {
				if (part.startsWith(name + "=")) {
					return part.substring(name.length() + 1);
				}
			}
			throw new IllegalStateException("No " + name + " in '" + this.text + "'");
		}

	}

	/**
	 * Starts {@code java [options] -cp classpath mainClass args} with this JVM's java.
	 */
	public ChildJvm(String name, List<String> classpath, List<String> options, String mainClass, List<String> args)
			throws IOException {
		this.name = name;
		this.log = Files.createTempFile("health-grpc-bench-" + name + "-", ".log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.addAll(options);
		command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), mainClass));
		command.addAll(args);
		this.process = new ProcessBuilder(command).redirectError(this.log.toFile()).start();
		this.commands = this.process.outputWriter(StandardCharsets.UTF_8);
		Thread reader = new Thread(this::read, "child-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	/** {@link System#nanoTime()} just before the process was started. */
	public long startedNanos() {
		return this.startedNanos;
	}

	public Process process() {
		return this.process;
	}

	public void send(String command) throws IOException {
		this.commands.write(command + "\n");
		this.commands.flush();
	}

	/** Sends a command and takes its answer. */
	public Output ask(String command, String answer, Duration timeout) throws IOException, InterruptedException {
		send(command);
		return await(answer, timeout);
	}

	/** Takes the first line not taken yet that starts with a prefix, waiting for it. */
	public synchronized Output await(String prefix, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			for (Output line : this.unread) {
				if (line.text().startsWith(prefix)) {
					this.unread.remove(line);
					return line;
				}
			}
			long left = deadline - System.nanoTime();
			if (this.ended || left <= 0) {
				throw new IllegalStateException(this.name + " did not say '" + prefix + "' in " + timeout.toSeconds()
						+ " s" + (this.ended ? " and ended" : "") + "; log: " + this.log);
			}
			wait(Math.max(1, left / 1_000_000));
		}
	}

	/**
	 * Closes the application's context ({@code CLOSE}) and waits for the process to end.
	 */
	public void closeApplication() throws IOException, InterruptedException {
		send("CLOSE");
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	private void read() {
		try (BufferedReader reader = this.process.inputReader(StandardCharsets.UTF_8)) {
			for (String text = reader.readLine(); text != null; text = reader.readLine()) {
				Output line = new Output(text, System.nanoTime());
				synchronized (this) {
					this.unread.add(line);
					notifyAll();
				}
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
		synchronized (this) {
			this.ended = true;
			notifyAll();
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
		if (this.process.exitValue() == 0 || this.process.exitValue() == 143) {
			Files.deleteIfExists(this.log);
		}
	}

}
