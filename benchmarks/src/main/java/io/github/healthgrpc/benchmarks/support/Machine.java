package io.github.healthgrpc.benchmarks.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where the figures came from: read from the JVM and, on Linux, /proc. */
public final class Machine {

	private Machine() {
	}

	/** The name of the row with the load average. */
	public static final String LOAD_AVERAGE = "Load average when the run started (1, 5, 15 min)";

	public static Map<String, String> describe() {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("CPU", cpuModel());
		facts.put("Cores (available to the JVM)", String.valueOf(Runtime.getRuntime().availableProcessors()));
		facts.put("Memory", memory());
		facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
				+ System.getProperty("os.arch") + ")");
		facts.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vm.vendor") + ")");
		facts.put("Max heap of the benchmark JVM", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
		facts.put("Commit", gitCommit());
		facts.put(LOAD_AVERAGE, loadAverage());
		return facts;
	}

	/**
	 * The load of the machine, which the figures depend on: on 2 cores, much above 2
	 * means other work competes with the benchmark for the cores.
	 */
	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			double average = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
			return (average >= 0) ? String.format(java.util.Locale.ROOT, "%.2f (1 min)", average) : "unknown";
		}
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return "unknown";
	}

	private static String memory() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
					return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return "unknown";
	}

	private static String gitCommit() {
		try {
			Process git = new ProcessBuilder(List.of("git", "rev-parse", "--short", "HEAD")).redirectErrorStream(true)
				.start();
			String out = new String(git.getInputStream().readAllBytes()).trim();
			if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0) {
				Process dirty = new ProcessBuilder(List.of("git", "status", "--porcelain", "--untracked-files=no"))
					.redirectErrorStream(true)
					.start();
				String changes = new String(dirty.getInputStream().readAllBytes()).trim();
				dirty.waitFor(5, TimeUnit.SECONDS);
				return out + (changes.isEmpty() ? "" : " (with uncommitted changes)");
			}
		}
		catch (IOException | RuntimeException ex) {
			// no git
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "unknown";
	}

	/** Resident set size of this process in bytes, or -1 where /proc is not there. */
	public static long residentSetSize() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

}
