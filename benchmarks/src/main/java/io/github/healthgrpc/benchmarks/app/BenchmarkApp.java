package io.github.healthgrpc.benchmarks.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.BindableService;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * A minimal net.devh gRPC application with Actuator, started in fresh JVMs by the
 * start-up and shutdown scenarios, with or without health-grpc on its class path. It
 * prints {@code READY port=.. uptimeMs=.. contextMs=.. health=..} once ready, then closes
 * its context on {@code CLOSE} and prints {@code CLOSED ms=..} before it exits.
 * <p>
 * Only Spring, net.devh and grpc-java are used here: this package is packaged alone
 * ({@code benchmarks-app.jar}) so that it also runs without health-grpc.
 */
@SpringBootApplication
public class BenchmarkApp {

	/**
	 * System property naming a file: when set, Spring's start-up steps are buffered and
	 * written there once ready, one a line: id, parent id (-1 for none), duration in
	 * nanoseconds, name and tags ({@code key=value}), separated by tabs.
	 */
	public static final String STEPS_PROPERTY = "benchmark.startup-steps";

	public static void main(String[] args) throws Exception {
		AtomicInteger port = new AtomicInteger(-1);
		AtomicReference<Duration> timeTaken = new AtomicReference<>();
		AtomicReference<Long> uptimeAtReady = new AtomicReference<>();
		AtomicReference<Long> cpuAtReady = new AtomicReference<>();
		SpringApplication application = new SpringApplication(BenchmarkApp.class);
		String stepsFile = System.getProperty(STEPS_PROPERTY);
		BufferingApplicationStartup steps = (stepsFile != null) ? new BufferingApplicationStartup(100_000) : null;
		if (steps != null) {
			application.setApplicationStartup(steps);
		}
		application.addListeners(new ApplicationListener<GrpcServerStartedEvent>() {

			@Override
			public void onApplicationEvent(GrpcServerStartedEvent event) {
				port.set(event.getPort());
			}

		}, new ApplicationListener<ApplicationReadyEvent>() {

			@Override
			public void onApplicationEvent(ApplicationReadyEvent event) {
				uptimeAtReady.set(ManagementFactory.getRuntimeMXBean().getUptime());
				cpuAtReady.set(processCpuMillis());
				timeTaken.set(event.getTimeTaken());
			}

		});
		ConfigurableApplicationContext context = application.run(args);
		if (steps != null) {
			writeSteps(steps, Path.of(stepsFile));
		}
		System.out.println("READY port=" + port.get() + " uptimeMs=" + uptimeAtReady.get() + " cpuMs="
				+ cpuAtReady.get() + " contextMs=" + ((timeTaken.get() != null) ? timeTaken.get().toMillis() : -1)
				+ " health=" + healthService(context));
		System.out.flush();
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = commands.readLine()) != null) {
			if (line.trim().equals("CLOSE")) {
				long start = System.nanoTime();
				context.close();
				System.out.println("CLOSED ms=" + (System.nanoTime() - start) / 1_000_000);
				System.out.flush();
				System.exit(0);
			}
		}
		context.close();
	}

	private static void writeSteps(BufferingApplicationStartup steps, Path file) throws IOException {
		List<String> lines = new ArrayList<>();
		for (StartupTimeline.TimelineEvent event : steps.getBufferedTimeline().getEvents()) {
			StartupStep step = event.getStartupStep();
			StringBuilder line = new StringBuilder();
			line.append(step.getId())
				.append('\t')
				.append((step.getParentId() != null) ? step.getParentId() : -1)
				.append('\t')
				.append(event.getDuration().toNanos())
				.append('\t')
				.append(step.getName());
			for (StartupStep.Tag tag : step.getTags()) {
				line.append('\t').append(tag.getKey()).append('=').append(tag.getValue().replace('\t', ' '));
			}
			lines.add(line.toString());
		}
		Files.write(file, lines, StandardCharsets.UTF_8);
	}

	/**
	 * CPU time of this process so far, all threads (JIT and GC included), or -1 where
	 * unknown.
	 */
	private static long processCpuMillis() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			long nanos = os.getProcessCpuTime();
			return (nanos >= 0) ? nanos / 1_000_000 : -1;
		}
		return -1;
	}

	/**
	 * The classes of the grpc.health.v1.Health beans, to check what a run measured
	 * (net.devh's own bean stays in the context when health-grpc filters it out of the
	 * server).
	 */
	private static String healthService(ConfigurableApplicationContext context) {
		StringBuilder names = new StringBuilder();
		for (BindableService service : context.getBeansOfType(BindableService.class).values()) {
			if (service.bindService().getServiceDescriptor().getName().equals("grpc.health.v1.Health")) {
				names.append((names.length() > 0) ? "," : "").append(service.getClass().getSimpleName());
			}
		}
		return (names.length() > 0) ? names.toString() : "none";
	}

}
