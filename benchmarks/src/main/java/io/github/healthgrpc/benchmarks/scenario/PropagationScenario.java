package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.baseline.Indicators;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;
import io.github.healthgrpc.benchmarks.support.Watchers;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Scenario 4: how soon a Watch sees a change that starts in Actuator, through the real
 * Spring wiring (auto-configuration, net.devh server, Netty client).
 */
public final class PropagationScenario implements Scenario {

	@Override
	public String id() {
		return "propagation";
	}

	@Override
	public String title() {
		return "4. Propagation from Actuator to Watch";
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		Duration interval = settings.duration("propagation.refresh-interval");
		int flips = settings.integer("propagation.flips");
		int events = settings.integer("propagation.readiness-events");
		Random random = new Random(42);
		Samples flipTimes = new Samples();
		Samples readinessTimes = new Samples();
		long readinessMissed = 0;
		long flipMissed = 0;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PropagationApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("grpc.server.address=127.0.0.1", "grpc.server.port=0",
					"grpc.health.refresh-interval=" + interval.toMillis() + "ms",
					"management.endpoint.health.probes.enabled=true", "spring.main.banner-mode=off",
					"logging.level.root=WARN")
			.run()) {
			int port = context.getBean(GrpcPort.class).port;
			Indicators.Switch indicator = context.getBean(Indicators.Switch.class);
			try (Watchers flip = new Watchers(port, 1, 1).open("flip");
					Watchers readiness = new Watchers(port, 1, 1).open("readiness")) {
				if (!flip.awaitFirstMessages(Duration.ofSeconds(10))
						|| !readiness.awaitFirstMessages(Duration.ofSeconds(10))) {
					throw new IllegalStateException("No first Watch message on 'flip' or 'readiness'");
				}
				for (int i = 0; i < flips; i++) {
					// A random pause puts each flip at a random point of the refresh
					// cycle.
					Thread.sleep(random.nextInt((int) interval.toMillis() * 2) + 10);
					boolean up = !indicator.isUp();
					Watchers.Round round = flip.expect(up ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
					indicator.set(up);
					if (round.await(interval.multipliedBy(10).plusSeconds(5))) {
						flipTimes.add((long) round.times().max());
					}
					else {
						flipMissed++;
					}
				}
				indicator.set(true);
				boolean accepting = true;
				for (int i = 0; i < events; i++) {
					Thread.sleep(random.nextInt((int) interval.toMillis()) + 10);
					accepting = !accepting;
					Watchers.Round round = readiness
						.expect(accepting ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
					AvailabilityChangeEvent.publish(context,
							accepting ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC);
					if (round.await(Duration.ofSeconds(5))) {
						readinessTimes.add((long) round.times().max());
					}
					else {
						readinessMissed++;
					}
				}
			}
		}
		System.out.printf("   contributor flip: mean %s p50 %s p99 %s max %s (missed %d)%n", Fmt.ms(flipTimes.mean()),
				Fmt.ms(flipTimes.percentile(50)), Fmt.ms(flipTimes.percentile(99)), Fmt.ms(flipTimes.max()),
				flipMissed);
		System.out.printf("   readiness event:  mean %s p50 %s p99 %s max %s (missed %d)%n",
				Fmt.ms(readinessTimes.mean()), Fmt.ms(readinessTimes.percentile(50)),
				Fmt.ms(readinessTimes.percentile(99)), Fmt.ms(readinessTimes.percentile(100)), readinessMissed);
		report(section, charts, interval, flipTimes, flipMissed, readinessTimes, readinessMissed);
	}

	private static void report(Section section, Charts charts, Duration interval, Samples flips, long flipMissed,
			Samples readiness, long readinessMissed) {
		section.verdict("Readiness AvailabilityChangeEvent → Watch on \"readiness\": p99 < 50 ms",
				"p50 " + Fmt.ms(readiness.percentile(50)) + ", p99 " + Fmt.ms(readiness.percentile(99)) + ", max "
						+ Fmt.ms(readiness.max()) + " over " + readiness.size() + " events"
						+ ((readinessMissed > 0) ? "; " + readinessMissed + " never seen" : ""),
				readinessMissed == 0 && readiness.percentile(99) < 50e6);
		section.shown(
				"Contributor flips → Watch, refresh interval " + interval.toMillis() + " ms (expected: mean ≈ "
						+ interval.toMillis() / 2 + " ms, max ≈ " + interval.toMillis() + " ms plus one evaluation)",
				"mean " + Fmt.ms(flips.mean()) + ", p50 " + Fmt.ms(flips.percentile(50)) + ", p99 "
						+ Fmt.ms(flips.percentile(99)) + ", max " + Fmt.ms(flips.max()) + " over " + flips.size()
						+ " flips" + ((flipMissed > 0) ? "; " + flipMissed + " never seen" : ""));
		section.paragraph("A Spring Boot context with health-grpc's auto-configuration, net.devh's gRPC server on "
				+ "127.0.0.1 and Actuator (probes on) runs in the benchmark JVM with "
				+ "`grpc.health.refresh-interval=" + interval.toMillis() + "ms`, plus one indicator bean, `flip`, "
				+ "whose status the benchmark switches. A Netty client watches `flip` (published under its "
				+ "contributor name) and `readiness` (the Actuator health group). Each flip of the indicator comes "
				+ "at a random point of the refresh cycle and is timed from the switch to the Watch message. Each "
				+ "readiness change is published with `AvailabilityChangeEvent.publish(context, "
				+ "ReadinessState.REFUSING_TRAFFIC / ACCEPTING_TRAFFIC)` and timed from the call to the Watch "
				+ "message; health-grpc re-evaluates at once on that event instead of waiting for the next refresh.");
		section.table(List.of("Change", "count", "mean", "p50", "p99", "max"),
				List.of(row("indicator flip (waits for the next refresh)", flips),
						row("readiness event (immediate refresh)", readiness)));
		section.paragraph("Neither baseline propagates on its own: net.devh's stock service reports `\"\"` "
				+ "SERVING until the application sets something else, and the per-call bridge has no Watch at all "
				+ "(clients must poll Check, each poll costing a full evaluation of every indicator).");
		Map<String, Samples> cdf = new LinkedHashMap<>();
		cdf.put("indicator flip, refresh every " + interval.toMillis() + " ms", flips);
		cdf.put("readiness event", readiness);
		section.chart(charts.cdf("propagation", "From a change in Actuator to the Watch message", "ms", cdf, 1e6));
	}

	private static List<String> row(String name, Samples samples) {
		return new ArrayList<>(List.of(name, String.valueOf(samples.size()), Fmt.ms(samples.mean()),
				Fmt.ms(samples.percentile(50)), Fmt.ms(samples.percentile(99)), Fmt.ms(samples.max())));
	}

	/**
	 * The application of this scenario: auto-configuration plus the switchable indicator.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PropagationApplication {

		@Bean
		Indicators.Switch flipHealthIndicator() {
			return new Indicators.Switch();
		}

		@Bean
		GrpcPort grpcPort() {
			return new GrpcPort();
		}

	}

	/** The port net.devh's server listens on. */
	static final class GrpcPort implements ApplicationListener<GrpcServerStartedEvent> {

		private volatile int port = -1;

		@Override
		public void onApplicationEvent(GrpcServerStartedEvent event) {
			this.port = event.getPort();
		}

	}

}
