package io.github.healthgrpc.benchmarks.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the figures came from: the JVM, git and, on Linux, /proc. */
public final class Machine {

	private Machine() {
	}

	public static Map<String, Object> describe() {
		String changes = git("status", "--porcelain", "--untracked-files=no");
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("cpu", proc("/proc/cpuinfo", "model name"));
		facts.put("cores", Runtime.getRuntime().availableProcessors());
		facts.put("memory", kilobytes("/proc/meminfo", "MemTotal") * 1024);
		facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		facts.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		facts.put("commit", git("rev-parse", "--short", "HEAD")
				+ ((changes.isEmpty() || changes.equals("unknown")) ? "" : " (with uncommitted changes)"));
		facts.put("load", proc("/proc/loadavg", "").replaceAll("^(\\S+) (\\S+) (\\S+).*", "$1, $2, $3"));
		return facts;
	}

	/** A figure in kB of a /proc file, e.g. VmRSS of /proc/self/status; -1 without it. */
	public static long kilobytes(String file, String name) {
		String kb = proc(file, name).replaceAll("[^0-9]", "");
		return kb.isEmpty() ? -1 : Long.parseLong(kb);
	}

	/** What follows the colon on the first line of a file that starts with a prefix. */
	private static String proc(String file, String prefix) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter((line) -> line.startsWith(prefix))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String git(String... args) {
		List<String> command = new ArrayList<>(List.of("git"));
		command.addAll(List.of(args));
		try {
			Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(git.getInputStream().readAllBytes()).trim();
			return (git.waitFor() == 0) ? out : "unknown";
		}
		catch (IOException | InterruptedException ex) {
			return "unknown";
		}
	}

}
