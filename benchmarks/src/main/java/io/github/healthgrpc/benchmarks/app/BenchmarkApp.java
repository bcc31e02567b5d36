package io.github.healthgrpc.benchmarks.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.BindableService;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

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

	public static void main(String[] args) throws Exception {
		AtomicInteger port = new AtomicInteger(-1);
		AtomicReference<Duration> timeTaken = new AtomicReference<>();
		AtomicReference<Long> uptimeAtReady = new AtomicReference<>();
		AtomicReference<Long> cpuAtReady = new AtomicReference<>();
		SpringApplication application = new SpringApplication(BenchmarkApp.class);
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
