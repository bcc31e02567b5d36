package io.github.healthgrpc.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;

import static org.awaitility.Awaitility.await;

/**
 * The packaged sample jar, started as a user starts it ({@code java -jar}) in a process
 * of its own, on free ports of 127.0.0.1. Its output goes to
 * {@code target/e2e-logs/<id>.log}. {@link #close()} kills the process by its PID if it
 * is still alive.
 * <p>
 * The end-to-end tests are shared by the samples (sample-app on net.devh,
 * sample-app-boot4 on Spring Boot 4.1's gRPC server): what differs between them comes
 * from system properties that each module's failsafe configuration sets, namely the jar
 * ({@code sample.jar}) and the names of the properties that set its gRPC and HTTP ports
 * ({@code sample.grpc.port-property}, {@code sample.http.port-property}).
 * <p>
 * With {@code sample.aot=true} (the failsafe execution {@code aot}) the jar runs in
 * Spring AOT mode ({@code -Dspring.aot.enabled=true}), from the context that
 * {@code process-aot} generated at build time; a start that is not AOT-processed fails.
 */
final class SampleProcess implements AutoCloseable {

	/**
	 * Spring Boot's start-up line when the application runs from its AOT-generated
	 * context.
	 */
	private static final String AOT_STARTUP_LINE = "Starting AOT-processed ";

	/** Generous: a JVM start on a busy 2-core machine can take 15 s. */
	static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String id;

	private final int grpcPort;

	private final int httpPort;

	private final Path log;

	private final Process process;

	private final ManagedChannel channel;

	private SampleProcess(String id, int grpcPort, int httpPort, Path log, Process process) {
		this.id = id;
		this.grpcPort = grpcPort;
		this.httpPort = httpPort;
		this.log = log;
		this.process = process;
		this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
	}

	/**
	 * Starts one instance per id, all at once, and waits until each one's
	 * {@code readiness} is SERVING.
	 * @param ids the instance ids ({@code --sample.instance-id}), also the log file names
	 */
	static List<SampleProcess> startAll(String... ids) throws IOException {
		int[] ports = freePorts(ids.length * 2);
		List<SampleProcess> started = new ArrayList<>();
		try {
			for (int i = 0; i < ids.length; i++) {
				started.add(launch(ids[i], ports[2 * i], ports[2 * i + 1]));
			}
			for (SampleProcess sample : started) {
				sample.awaitReady();
			}
			return started;
		}
		catch (RuntimeException | Error ex) {
			started.forEach(SampleProcess::close);
			throw ex;
		}
	}

	static SampleProcess start(String id) throws IOException {
		return startAll(id).get(0);
	}

	/**
	 * Starts one instance with more command-line arguments, and waits until its
	 * {@code readiness} is SERVING.
	 * @param id the instance id, also the log file name
	 * @param arguments such as {@code --spring.profiles.active=peer}
	 */
	static SampleProcess start(String id, String... arguments) throws IOException {
		int[] ports = freePorts(2);
		SampleProcess sample = launch(id, ports[0], ports[1], arguments);
		try {
			sample.awaitReady();
			return sample;
		}
		catch (RuntimeException | Error ex) {
			sample.close();
			throw ex;
		}
	}

	/**
	 * Starts one instance with JVM options of its own, and returns at once: the caller
	 * waits for what it needs.
	 * @param id the instance id, also the log file name
	 * @param jvmOptions such as {@code -Xlog:class+load}
	 * @param arguments such as {@code --grpc.health.enabled=false}
	 */
	static SampleProcess launch(String id, List<String> jvmOptions, String... arguments) throws IOException {
		int[] ports = freePorts(2);
		return launch(id, ports[0], ports[1], jvmOptions, arguments);
	}

	private static SampleProcess launch(String id, int grpcPort, int httpPort, String... arguments) throws IOException {
		return launch(id, grpcPort, httpPort, List.of(), arguments);
	}

	private static SampleProcess launch(String id, int grpcPort, int httpPort, List<String> jvmOptions,
			String... arguments) throws IOException {
		Path jar = Path.of(requiredProperty("sample.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No sample jar at " + jar + ": run the tests through `./mvnw verify`");
		}
		Path logs = Files.createDirectories(Path.of(requiredProperty("sample.logs")));
		Path log = logs.resolve(id + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// Small and quick to start: up to three of these run at once on two cores.
		command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		command.addAll(jvmOptions);
		if (aot()) {
			command.add("-Dspring.aot.enabled=true");
		}
		command.addAll(List.of("-jar", jar.toString(),
				"--" + requiredProperty("sample.grpc.port-property") + "=" + grpcPort,
				"--" + requiredProperty("sample.http.port-property") + "=" + httpPort, "--sample.instance-id=" + id));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ChildProcesses.endAtExit(process);
		System.out.printf("[e2e] started %s%s: pid %d, gRPC 127.0.0.1:%d, HTTP 127.0.0.1:%d, log %s%n", id,
				aot() ? " (Spring AOT mode)" : "", process.pid(), grpcPort, httpPort, log);
		return new SampleProcess(id, grpcPort, httpPort, log, process);
	}

	private void awaitReady() {
		await("instance " + this.id + " ready").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(200))
			.ignoreException(StatusRuntimeException.class)
			.until(() -> {
				failIfExited();
				return check("readiness") == ServingStatus.SERVING;
			});
		if (aot() && !log().contains(AOT_STARTUP_LINE)) {
			throw new IllegalStateException("instance " + this.id
					+ " was to run its AOT-processed context (-Dspring.aot.enabled=true) but did not; log:\n"
					+ logTail());
		}
		// HTTP too; the first request also initialises Spring MVC, which later requests
		// should not wait for.
		HttpResponse<String> admin = get("/admin/downstream");
		if (admin.statusCode() != 200) {
			throw new IllegalStateException("instance " + this.id + ": GET /admin/downstream answered "
					+ admin.statusCode() + "; log:\n" + logTail());
		}
	}

	private void failIfExited() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("instance " + this.id + " exited with " + this.process.exitValue()
					+ " while starting; log:\n" + logTail());
		}
	}

	/**
	 * Waits until the application has started: Spring Boot's {@code Started ...} line,
	 * logged when the context is refreshed and the servers listen, just before it is
	 * ready.
	 */
	void awaitStarted() {
		await("instance " + this.id + " started").atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				failIfExited();
				return log().contains(" Started ");
			});
	}

	String id() {
		return this.id;
	}

	int grpcPort() {
		return this.grpcPort;
	}

	int httpPort() {
		return this.httpPort;
	}

	Process process() {
		return this.process;
	}

	/** A plaintext channel to this instance, shut down by {@link #close()}. */
	ManagedChannel channel() {
		return this.channel;
	}

	/** Check through the canonical client, with a short deadline as a probe would use. */
	ServingStatus check(String service) {
		return HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(2, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	void breakDownstream() {
		post("/admin/downstream/break");
	}

	void healDownstream() {
		post("/admin/downstream/heal");
	}

	/** The database refuses connections: {@code db} turns DOWN. */
	void breakDatabase() {
		post("/admin/database/break");
	}

	/**
	 * Every database connection waits this long first; beyond the indicator timeout
	 * {@code db} times out.
	 */
	void slowDatabase(Duration delay) {
		post("/admin/database/slow?millis=" + delay.toMillis());
	}

	void healDatabase() {
		post("/admin/database/heal");
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	HttpResponse<String> postJson(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private void post(String path) {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("POST " + path + " answered " + response.statusCode());
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.httpPort + path);
	}

	/**
	 * Sends SIGTERM (what {@link Process#destroy()} does on Linux), as Kubernetes does to
	 * stop a pod.
	 */
	void sigterm() {
		System.out.printf("[e2e] SIGTERM to %s (pid %d)%n", this.id, this.process.pid());
		this.process.destroy();
	}

	/** The last lines of the instance's output. */
	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		if (this.process.isAlive()) {
			// By PID, forcibly: a test that got here with the process alive has failed
			// anyway.
			ProcessHandle.of(this.process.pid()).ifPresent(ProcessHandle::destroyForcibly);
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static int[] freePorts(int count) throws IOException {
		// Hold all sockets until every port is known, so that no two instances get the
		// same one.
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				sockets.add(socket);
				ports[i] = socket.getLocalPort();
			}
			return ports;
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	/** Whether the jar runs in Spring AOT mode (system property {@code sample.aot}). */
	static boolean aot() {
		return Boolean.getBoolean("sample.aot");
	}

	static String requiredProperty(String name) {
		String value = System.getProperty(name);
		if (value == null) {
			throw new IllegalStateException("System property " + name + " is not set: run through `./mvnw verify`");
		}
		return value;
	}

}
