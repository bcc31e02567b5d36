package io.github.healthgrpc.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A non-Java client: grpc-js with @grpc/proto-loader, from npm, loading the canonical
 * health.proto, calls Check, List and Watch on the packaged sample jar
 * (src/test/node/health-client.mjs). The test installs the client's packages itself with
 * {@code npm ci} from the committed package-lock.json.
 */
class NodeClientIT {

	private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);

	private static Path clientDir;

	private static SampleProcess sample;

	@BeforeAll
	static void installClientAndStartSample() throws Exception {
		clientDir = Files.createDirectories(Path.of(SampleProcess.requiredProperty("sample.node.work")));
		Path sources = Path.of(SampleProcess.requiredProperty("sample.node.sources"));
		for (String file : List.of("package.json", "package-lock.json", "health-client.mjs")) {
			Files.copy(sources.resolve(file), clientDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
		}
		// npm ci and the sample's start overlap: both take seconds.
		Command npmCi = Command.start(List.of("npm", "ci", "--no-audit", "--no-fund"));
		try {
			sample = SampleProcess.start("node-it");
		}
		finally {
			npmCi.finish(NPM_TIMEOUT);
		}
	}

	@AfterAll
	static void stop() {
		if (sample != null) {
			sample.close();
		}
	}

	@Test
	void grpcJsCallsCheckListAndWatchFromTheCanonicalProto() throws Exception {
		String output = Command
			.start(List.of("node", "health-client.mjs", "--target", "127.0.0.1:" + sample.grpcPort(), "--admin",
					"http://127.0.0.1:" + sample.httpPort(), "--proto",
					Path.of(SampleProcess.requiredProperty("sample.health.proto")).toAbsolutePath().toString()))
			.finish(CLIENT_TIMEOUT);
		System.out.println("[e2e] node client: " + output);
		JsonNode result = new ObjectMapper().readTree(output);

		JsonNode check = result.path("check");
		for (String service : List.of("", "readiness", "liveness", "helloworld.Greeter")) {
			assertThat(check.path(service).path("status").asText()).as("Check(%s)", service).isEqualTo("SERVING");
		}
		assertThat(check.path("no.such.Service").path("codeName").asText()).isEqualTo("NOT_FOUND");

		Map<String, String> listed = new TreeMap<>();
		result.path("list")
			.path("statuses")
			.properties()
			.forEach((entry) -> listed.put(entry.getKey(), entry.getValue().asText()));
		assertThat(listed).containsEntry("", "SERVING")
			.containsEntry("helloworld.Greeter", "SERVING")
			.containsEntry("downstream", "SERVING")
			.containsEntry("db", "SERVING")
			.containsEntry("readiness", "SERVING")
			.containsEntry("liveness", "SERVING")
			.containsEntry("storage", "SERVING");

		assertThat(texts(result.path("watchGreeter").path("received"))).containsExactly("SERVING", "NOT_SERVING",
				"SERVING");
		assertThat(result.path("watchGreeter").path("error").isNull()).isTrue();
		assertThat(texts(result.path("watchUnknown").path("received"))).containsExactly("SERVICE_UNKNOWN");
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asText()));
		return texts;
	}

	/** A command run in the client directory, its output in files. */
	private record Command(List<String> command, Process process, Path stdout, Path stderr) {

		static Command start(List<String> command) throws IOException {
			Path stdout = Files.createTempFile(clientDir, "out", ".txt");
			Path stderr = Files.createTempFile(clientDir, "err", ".txt");
			try {
				return new Command(command,
						new ProcessBuilder(command).directory(clientDir.toFile())
							.redirectOutput(stdout.toFile())
							.redirectError(stderr.toFile())
							.start(),
						stdout, stderr);
			}
			catch (IOException ex) {
				throw new IllegalStateException(command.get(0) + " is needed for this test (node and npm on the PATH)",
						ex);
			}
		}

		/**
		 * Waits for the command; returns its stdout, with stderr in the failure message.
		 */
		String finish(Duration timeout) throws IOException, InterruptedException {
			try {
				boolean finished = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
				String errors = Files.readString(this.stderr);
				assertThat(finished).as("%s finished within %s; stderr:%n%s", this.command, timeout, errors).isTrue();
				assertThat(this.process.exitValue()).as("exit code of %s; stderr:%n%s", this.command, errors).isZero();
				return Files.readString(this.stdout);
			}
			finally {
				if (this.process.isAlive()) {
					ProcessHandle.of(this.process.pid()).ifPresent(ProcessHandle::destroyForcibly);
				}
				Files.deleteIfExists(this.stdout);
				Files.deleteIfExists(this.stderr);
			}
		}

	}

}
