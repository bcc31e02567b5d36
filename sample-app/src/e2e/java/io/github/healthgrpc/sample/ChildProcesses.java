package io.github.healthgrpc.sample;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes the tests start (samples, Prometheus): none outlives the test JVM, even
 * if a test never reaches its close().
 */
final class ChildProcesses {

	private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> STARTED.stream()
				.filter(Process::isAlive)
				.forEach((process) -> ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly)),
					"child-process-reaper"));
	}

	private ChildProcesses() {
	}

	/**
	 * Makes sure a process is ended when the test JVM exits.
	 * @param process a process just started
	 */
	static void endAtExit(Process process) {
		STARTED.add(process);
	}

}
