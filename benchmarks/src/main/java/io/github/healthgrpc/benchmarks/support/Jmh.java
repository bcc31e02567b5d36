package io.github.healthgrpc.benchmarks.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs JMH in a child JVM on a line's class path and reads JMH's own JSON results. */
public final class Jmh {

	private Jmh() {
	}

	/**
	 * Runs the benchmarks that match {@code include}; one result per benchmark and
	 * parameters.
	 */
	public static JsonNode run(List<String> classpath, String include, List<String> options)
			throws IOException, InterruptedException {
		Path json = Files.createTempFile("health-grpc-jmh-", ".json");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						String.join(File.pathSeparator, classpath), "org.openjdk.jmh.Main", include, "-rf", "json",
						"-rff", json.toString()));
		command.addAll(options);
		int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
		if (exit != 0) {
			throw new IllegalStateException("JMH ended with exit code " + exit + ": " + command);
		}
		JsonNode results = new ObjectMapper().readTree(json.toFile());
		Files.delete(json);
		return results;
	}

	/** Forks, iterations of a length, average time, a fixed heap touched at start. */
	public static List<String> options(String forks, String warmups, String iterations, String time, String heap) {
		return new ArrayList<>(List.of("-f", forks, "-wi", warmups, "-i", iterations, "-w", time, "-r", time, "-bm",
				"avgt", "-tu", "ns", "-jvmArgsAppend", "-Xms" + heap + " -Xmx" + heap + " -XX:+AlwaysPreTouch"));
	}

	/** An auxiliary counter fork by fork, each summed over the measured iterations. */
	public static double[] perFork(JsonNode benchmark, String counter) {
		JsonNode forks = benchmark.get("secondaryMetrics").get(counter).get("rawData");
		double[] sums = new double[forks.size()];
		for (int i = 0; i < sums.length; i++) {
			for (JsonNode iteration : forks.get(i)) {
				sums[i] += iteration.asDouble();
			}
		}
		return sums;
	}

	/** An auxiliary counter summed over every fork and measured iteration. */
	public static double sum(JsonNode benchmark, String counter) {
		return Arrays.stream(perFork(benchmark, counter)).sum();
	}

}
