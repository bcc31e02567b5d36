package io.github.healthgrpc.benchmarks.scenario;

import java.util.ArrayList;
import java.util.List;

import io.github.healthgrpc.benchmarks.app.BenchmarkApp;
import io.github.healthgrpc.benchmarks.support.ChildClasspath;
import io.github.healthgrpc.benchmarks.support.ChildJvm;

/**
 * Starting {@link BenchmarkApp} in a fresh JVM, as the start-up and shutdown scenarios
 * do.
 */
public final class AppRuns {

	/** The same JVM options for every variant. */
	public static final List<String> JVM_OPTIONS = List.of("-Xmx512m");

	/**
	 * The same application arguments for every variant: random port on 127.0.0.1, quiet
	 * logs, probes on.
	 */
	static final List<String> COMMON_ARGS = List.of("--grpc.server.port=0", "--grpc.server.address=127.0.0.1",
			"--spring.main.banner-mode=off", "--logging.level.root=WARN",
			"--management.endpoint.health.probes.enabled=true");

	private AppRuns() {
	}

	static ChildJvm start(String name, boolean withHealthGrpc, List<String> extraArgs) {
		return start(name, withHealthGrpc, List.of(), extraArgs);
	}

	static ChildJvm start(String name, boolean withHealthGrpc, List<String> extraJvmOptions, List<String> extraArgs) {
		List<String> args = new ArrayList<>(COMMON_ARGS);
		args.addAll(extraArgs);
		List<String> options = new ArrayList<>(JVM_OPTIONS);
		options.addAll(extraJvmOptions);
		return ChildJvm.start(name, ChildClasspath.application(withHealthGrpc), options, BenchmarkApp.class.getName(),
				args);
	}

	/** A value from a line like {@code READY port=1 uptimeMs=2}. */
	static String field(String line, String name) {
		for (String part : line.split(" ")) {
			if (part.startsWith(name + "=")) {
				return part.substring(name.length() + 1);
			}
		}
		throw new IllegalStateException("No " + name + " in '" + line + "'");
	}

}
