package io.github.healthgrpc.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus from Debian's {@code prometheus} package, started for a test on a
 * free port of 127.0.0.1 with a configuration and a storage directory of its own, and
 * stopped by its PID. It scrapes the given targets every second and evaluates the given
 * rule files every second.
 */
final class PrometheusServer implements AutoCloseable {

	static final String JOB = "health-grpc-sample";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final ObjectMapper JSON = new ObjectMapper();

	private final int port;

	private final Process process;

	private final Path log;

	private PrometheusServer(int port, Process process, Path log) {
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts Prometheus and waits until it is ready.
	 * @param work a directory of its own (configuration, storage, log)
	 * @param targets host:port of each /actuator/prometheus to scrape
	 * @param ruleFiles the rule files to load
	 */
	static PrometheusServer start(Path work, List<String> targets, List<Path> ruleFiles) throws IOException {
		Path prometheus = binary("prometheus");
		Files.createDirectories(work);
		Path config = work.resolve("prometheus.yml");
		Files.writeString(config,
				String.join("\n", "global:", "  scrape_interval: 1s", "  scrape_timeout: 1s",
						"  evaluation_interval: 1s", "rule_files:",
						ruleFiles.stream()
							.map((file) -> "  - '" + file.toAbsolutePath() + "'")
							.collect(Collectors.joining("\n")),
						"scrape_configs:", "  - job_name: " + JOB, "    metrics_path: /actuator/prometheus",
						"    static_configs:",
						"      - targets: ["
								+ targets.stream().map((t) -> "'" + t + "'").collect(Collectors.joining(", ")) + "]",
						""));
		int port = freePort();
		Path log = work.resolve("prometheus.log");
		Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--storage.tsdb.retention.time=1d")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ChildProcesses.endAtExit(process);
		System.out.printf("[e2e] started Prometheus: pid %d, http://127.0.0.1:%d, log %s%n", process.pid(), port, log);
		PrometheusServer server = new PrometheusServer(port, process, log);
		try {
			await("Prometheus ready").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException(
								"Prometheus exited with " + process.exitValue() + "; log:\n" + server.logText());
					}
					return server.get("/-/ready").statusCode() == 200;
				});
			return server;
		}
		catch (RuntimeException | Error ex) {
			server.close();
			throw new IllegalStateException("Prometheus did not start; log:\n" + server.logText(), ex);
		}
	}

	/**
	 * A program of Debian's prometheus package: from the directory in the system property
	 * {@code monitoring.prometheus.bin} if set, else from the PATH. Missing, it fails the
	 * test and says how to install it: never a skip.
	 */
	static Path binary(String name) {
		String directory = System.getProperty("monitoring.prometheus.bin", "");
		List<String> path = new ArrayList<>();
		if (!directory.isBlank()) {
			path.add(directory);
		}
		else {
			path.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
		}
		for (String entry : path) {
			Path candidate = Path.of(entry, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(name + " not found " + (directory.isBlank() ? "on the PATH" : "in " + directory)
				+ ": the monitoring kit's tests need Debian's prometheus package (prometheus and promtool 2.42)."
				+ " Install it with .ci/install-prometheus (what CI runs) or `apt-get install prometheus`,"
				+ " or point -Dmonitoring.prometheus.bin=<directory> at the binaries.");
	}

	/**
	 * Runs a program of the prometheus package and returns its output.
	 * @param expectedExit the exit code it must end with
	 */
	static String run(Path workingDirectory, int expectedExit, String... command) throws IOException {
		List<String> line = new ArrayList<>(List.of(command));
		line.set(0, binary(command[0]).toString());
		Process process = new ProcessBuilder(line).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end within 60 s");
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.exitValue() != expectedExit) {
				throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue()
						+ " (expected " + expectedExit + "):\n" + output);
			}
			return output;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** {@code /api/v1/query}: an instant vector's result (an array of series). */
	JsonNode query(String expr) {
		return api("/api/v1/query", Map.of("query", expr)).path("result");
	}

	/** {@code /api/v1/query_range}: a matrix (an array of series with values). */
	JsonNode queryRange(String expr, Instant start, Instant end, Duration step) {
		return api("/api/v1/query_range", Map.of("query", expr, "start", seconds(start), "end", seconds(end), "step",
				Double.toString(step.toMillis() / 1000.0)))
			.path("result");
	}

	/** {@code /api/v1/label/<label>/values} of the series that match a selector. */
	List<String> labelValues(String label, String match, Instant start, Instant end) {
		List<String> values = new ArrayList<>();
		api("/api/v1/label/" + label + "/values",
				Map.of("match[]", match, "start", seconds(start), "end", seconds(end)))
			.forEach((value) -> values.add(value.asText()));
		return values;
	}

	/** Every alert that is pending or firing now ({@code /api/v1/alerts}). */
	List<JsonNode> alerts() {
		List<JsonNode> alerts = new ArrayList<>();
		api("/api/v1/alerts", Map.of()).path("alerts").forEach(alerts::add);
		return alerts;
	}

	/** The rule groups as loaded, with each rule's health and last error. */
	JsonNode ruleGroups() {
		return api("/api/v1/rules", Map.of()).path("groups");
	}

	JsonNode targets() {
		return api("/api/v1/targets", Map.of()).path("activeTargets");
	}

	private JsonNode api(String path, Map<String, String> parameters) {
		String query = parameters.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpResponse<String> response = get(path + (query.isEmpty() ? "" : "?" + query));
		try {
			JsonNode body = JSON.readTree(response.body());
			if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
				throw new AssertionError("Prometheus " + path + " " + parameters + " answered " + response.statusCode()
						+ ": " + response.body());
			}
			return body.path("data");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpResponse<String> get(String pathAndQuery) {
		try {
			return HTTP.send(
					HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String seconds(Instant instant) {
		return Double.toString(instant.toEpochMilli() / 1000.0);
	}

	String logText() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log) : "(no log)";
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			// By PID: SIGTERM first, so that it closes its storage; forcibly if it does
			// not stop.
			ProcessHandle.of(this.process.pid()).ifPresent(ProcessHandle::destroy);
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					ProcessHandle.of(this.process.pid()).ifPresent(ProcessHandle::destroyForcibly);
					this.process.waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
