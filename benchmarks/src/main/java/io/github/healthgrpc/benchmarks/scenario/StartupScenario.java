package io.github.healthgrpc.benchmarks.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.app.BenchmarkApp;
import io.github.healthgrpc.benchmarks.support.ChildJvm;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Fmt;
import io.github.healthgrpc.benchmarks.support.Samples;
import io.github.healthgrpc.benchmarks.support.Section;

/** Scenario 5: what health-grpc adds to an application's start. */
public final class StartupScenario implements Scenario {

	private static final String WITHOUT = "net.devh + Actuator, no health-grpc";

	private static final String WITH = "with health-grpc-starter";

	private static final String DISABLED = "health-grpc present, grpc.health.enabled=false";

	@Override
	public String id() {
		return "startup";
	}

	@Override
	public String title() {
		return "5. Start-up cost";
	}

	/**
	 * One start, nanoseconds.
	 *
	 * @param wall from starting the process to its ready line
	 * @param context Spring Boot's own figure for SpringApplication.run
	 * @param cpu CPU time the process used until ready, all threads
	 */
	record Start(long wall, long context, long cpu) {
	}

	@Override
	public void run(Settings settings, Charts charts, Section section) throws Exception {
		int runs = settings.integer("startup.runs");
		Map<String, List<Start>> starts = new LinkedHashMap<>();
		for (String variant : List.of(WITHOUT, WITH, DISABLED)) {
			starts.put(variant, new ArrayList<>());
		}
		List<String> variants = new ArrayList<>(starts.keySet());
		// Round 0 warms the file cache and is not counted; the order rotates so no
		// variant always goes first.
		for (int round = 0; round <= runs; round++) {
			for (int i = 0; i < variants.size(); i++) {
				String variant = variants.get((i + round) % variants.size());
				Start start = startOnce(variant);
				if (round > 0) {
					starts.get(variant).add(start);
				}
			}
		}
		Map<String, Profile> profiles = new LinkedHashMap<>();
		int profiledRuns = settings.integer("startup.profiled-runs");
		for (String variant : variants) {
			List<Profile> runsOfVariant = new ArrayList<>();
			for (int i = 0; i < profiledRuns; i++) {
				runsOfVariant.add(profileOnce(variant));
			}
			profiles.put(variant, Profile.median(runsOfVariant));
		}
		report(section, charts, starts, runs, profiles, profiledRuns);
	}

	/**
	 * Where one start's time went, from a start with class loading logged and Spring's
	 * start-up steps buffered (both slow a start down, so these starts are not timed).
	 *
	 * @param classes classes loaded until ready
	 * @param ownClasses of which health-grpc's
	 * @param protobufClasses of which protobuf's
	 * @param ownBeans time creating health-grpc's beans, less the beans they made Spring
	 * create on their way (nanoseconds)
	 * @param firstEvaluation health-grpc's first evaluation of the indicators
	 * (nanoseconds)
	 * @param ownBeanCount how many of health-grpc's beans were created
	 */
	record Profile(long classes, long ownClasses, long protobufClasses, long ownBeans, long firstEvaluation,
			long ownBeanCount) {

		static Profile median(List<Profile> profiles) {
			return new Profile(median(profiles, Profile::classes), median(profiles, Profile::ownClasses),
					median(profiles, Profile::protobufClasses), median(profiles, Profile::ownBeans),
					median(profiles, Profile::firstEvaluation), median(profiles, Profile::ownBeanCount));
		}

		private static long median(List<Profile> profiles, java.util.function.ToLongFunction<Profile> figure) {
			long[] values = profiles.stream().mapToLong(figure).sorted().toArray();
			return values[(values.length - 1) / 2];
		}

	}

	private static Profile profileOnce(String variant) throws IOException {
		Path directory = Files.createTempDirectory("startup-profile");
		Path classes = directory.resolve("classes.log");
		Path steps = directory.resolve("steps.tsv");
		boolean with = !variant.equals(WITHOUT);
		List<String> extra = variant.equals(DISABLED) ? List.of("--grpc.health.enabled=false") : List.of();
		List<String> options = List.of("-Xlog:class+load=info:file=" + classes,
				"-D" + BenchmarkApp.STEPS_PROPERTY + "=" + steps);
		try (ChildJvm app = AppRuns.start("startup-profile", with, options, extra)) {
			app.expect("READY", Duration.ofSeconds(120));
			app.send("CLOSE");
			app.expect("CLOSED", Duration.ofSeconds(60));
			app.awaitExit(Duration.ofSeconds(30));
		}
		long loaded = 0;
		long own = 0;
		long protobuf = 0;
		for (String line : Files.readAllLines(classes)) {
			int start = line.indexOf("] ");
			if (start < 0) {
				continue;
			}
			String name = line.substring(start + 2);
			loaded++;
			if (name.startsWith("io.github.healthgrpc.") && !name.startsWith("io.github.healthgrpc.benchmarks.")) {
				own++;
			}
			else if (name.startsWith("com.google.protobuf.")) {
				protobuf++;
			}
		}
		Profile profile = stepsProfile(Files.readAllLines(steps), loaded, own, protobuf);
		for (Path file : List.of(classes, steps, directory)) {
			Files.deleteIfExists(file);
		}
		System.out.printf(
				"   %-48s profiled: %,d classes (%,d health-grpc's, %,d protobuf's), %d own beans %s, "
						+ "first evaluation %s%n",
				variant, profile.classes(), profile.ownClasses(), profile.protobufClasses(), profile.ownBeanCount(),
				Fmt.ms(profile.ownBeans()), Fmt.ms(profile.firstEvaluation()));
		return profile;
	}

	/**
	 * Reads the steps BenchmarkApp wrote: id, parent id, duration, name, tags.
	 */
	static Profile stepsProfile(List<String> lines, long classes, long ownClasses, long protobufClasses) {
		Map<Long, Long> childTime = new HashMap<>();
		List<String[]> steps = new ArrayList<>();
		for (String line : lines) {
			String[] fields = line.split("\t");
			steps.add(fields);
			childTime.merge(Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long::sum);
		}
		long ownBeans = 0;
		long ownBeanCount = 0;
		long firstEvaluation = 0;
		for (String[] fields : steps) {
			long id = Long.parseLong(fields[0]);
			long duration = Long.parseLong(fields[2]);
			String name = fields[3];
			if (name.equals("grpc.health.first-evaluation")) {
				firstEvaluation += duration;
			}
			else if (name.equals("spring.beans.instantiate") && isOwnBean(tag(fields, "beanName"))) {
				ownBeans += duration - childTime.getOrDefault(id, 0L);
				ownBeanCount++;
			}
		}
		return new Profile(classes, ownClasses, protobufClasses, ownBeans, firstEvaluation, ownBeanCount);
	}

	private static String tag(String[] fields, String key) {
		for (int i = 4; i < fields.length; i++) {
			if (fields[i].startsWith(key + "=")) {
				return fields[i].substring(key.length() + 1);
			}
		}
		return "";
	}

	/**
	 * health-grpc's beans: its configuration classes and properties (named after their
	 * classes) and the beans they define. net.devh's own health service is also named
	 * {@code grpcHealthService}; it exists in every variant.
	 */
	private static boolean isOwnBean(String name) {
		return name.contains("io.github.healthgrpc.")
				|| (name.startsWith("grpcHealth") && !name.equals("grpcHealthService"))
				|| name.equals("healthGrpcService") || name.equals("servingStatusManager");
	}

	private static Start startOnce(String variant) {
		boolean with = !variant.equals(WITHOUT);
		List<String> extra = variant.equals(DISABLED) ? List.of("--grpc.health.enabled=false") : List.of();
		try (ChildJvm app = AppRuns.start("startup", with, extra)) {
			String ready = app.expect("READY", Duration.ofSeconds(120));
			long wall = System.nanoTime() - app.startedNanos();
			long context = Long.parseLong(AppRuns.field(ready, "contextMs")) * 1_000_000;
			long cpu = Long.parseLong(AppRuns.field(ready, "cpuMs")) * 1_000_000;
			String health = AppRuns.field(ready, "health");
			boolean ours = health.contains("HealthGrpcService");
			if (ours != variant.equals(WITH)) {
				throw new IllegalStateException(variant + " started with health service(s) " + health);
			}
			app.send("CLOSE");
			app.expect("CLOSED", Duration.ofSeconds(60));
			app.awaitExit(Duration.ofSeconds(30));
			System.out.printf("   %-48s ready after %s (context %s, CPU %s)%n", variant, Fmt.ms(wall), Fmt.ms(context),
					Fmt.ms(cpu));
			return new Start(wall, context, cpu);
		}
	}

	/**
	 * Per round, a figure of one variant minus the same figure of the variant without
	 * health-grpc.
	 */
	private static Samples added(Map<String, List<Start>> starts, String variant,
			java.util.function.ToLongFunction<Start> figure) {
		List<Start> base = starts.get(WITHOUT);
		List<Start> other = starts.get(variant);
		long[] differences = new long[Math.min(base.size(), other.size())];
		for (int i = 0; i < differences.length; i++) {
			differences[i] = figure.applyAsLong(other.get(i)) - figure.applyAsLong(base.get(i));
		}
		// A difference can be negative: the samples are shifted by the lowest one.
		Samples samples = Samples.atLeast(java.util.Arrays.stream(differences).min().orElse(0));
		java.util.Arrays.stream(differences).forEach(samples::add);
		return samples;
	}

	private static Samples of(List<Start> starts, java.util.function.ToLongFunction<Start> figure) {
		Samples samples = new Samples();
		starts.forEach((s) -> samples.add(figure.applyAsLong(s)));
		return samples;
	}

	private static String signed(double nanos) {
		return ((nanos >= 0) ? "+" : "−") + Fmt.ms(Math.abs(nanos));
	}

	/**
	 * The median of paired differences with a distribution-free 95% confidence interval
	 * (order statistics), against a target.
	 */
	record Added(double median, double lower, double upper, double quartileSpread, int pairs) {

		static Added of(Samples differences, long[] sorted) {
			double[] interval = Samples.medianInterval95(java.util.Arrays.stream(sorted).asDoubleStream().toArray());
			return new Added(differences.percentile(50), interval[0], interval[1],
					differences.percentile(75) - differences.percentile(25), sorted.length);
		}

		boolean met(double target) {
			return this.upper < target;
		}

		boolean resolved(double target) {
			return this.upper < target || this.lower >= target;
		}

		/**
		 * Rounds that would bring the 95% interval of the median down to ± half the
		 * target, for this run's spread (standard deviation from the quartiles, as for a
		 * normal distribution; the median's standard error is 1.25 σ / √n).
		 */
		long roundsNeeded(double target) {
			double sigma = this.quartileSpread / 1.349;
			double halfWidth = target / 2;
			return (long) Math.ceil(Math.pow(1.96 * 1.2533 * sigma / halfWidth, 2));
		}

	}

	private static Added addedWall(Map<String, List<Start>> starts, String variant) {
		Samples samples = added(starts, variant, Start::wall);
		List<Start> base = starts.get(WITHOUT);
		List<Start> other = starts.get(variant);
		long[] sorted = new long[Math.min(base.size(), other.size())];
		for (int i = 0; i < sorted.length; i++) {
			sorted[i] = other.get(i).wall() - base.get(i).wall();
		}
		java.util.Arrays.sort(sorted);
		return Added.of(samples, sorted);
	}

	private static void startupVerdict(Section section, String target, Added added, double limit, double without) {
		section.verdict(target,
				String.format(Locale.ROOT,
						"median of %d paired differences %s (95%% interval %s to %s) over %s; rounds needed to "
								+ "resolve ± %s at this run's spread: about %,d",
						added.pairs(), signed(added.median()), signedOrOpen(added.lower()), signedOrOpen(added.upper()),
						Fmt.ms(without), Fmt.ms(limit / 2), added.roundsNeeded(limit)),
				added.met(limit), added.resolved(limit));
	}

	private static String signedOrOpen(double nanos) {
		return Double.isInfinite(nanos) ? "unbounded" : signed(nanos);
	}

	private static void report(Section section, Charts charts, Map<String, List<Start>> starts, int runs,
			Map<String, Profile> profiles, int profiledRuns) {
		double without = of(starts.get(WITHOUT), Start::wall).percentile(50);
		Added with = addedWall(starts, WITH);
		Added disabled = addedWall(starts, DISABLED);
		startupVerdict(section, "Start-up: health-grpc-starter adds < 50 ms to ready (median of paired differences)",
				with, 50e6, without);
		startupVerdict(section,
				"Start-up with grpc.health.enabled=false: adds < 10 ms to ready (median of paired differences)",
				disabled, 10e6, without);
		Profile base = profiles.get(WITHOUT);
		Profile ours = profiles.get(WITH);
		Profile off = profiles.get(DISABLED);
		section.shown("Start-up breakdown: what health-grpc adds (profiled starts)", String.format(Locale.ROOT,
				"+%,d classes (%,d of health-grpc's, %+,d protobuf's), its %d beans %s, waited for the first evaluation %s; "
						+ "switched off: %+,d classes, %d beans",
				ours.classes() - base.classes(), ours.ownClasses(), ours.protobufClasses() - base.protobufClasses(),
				ours.ownBeanCount(), Fmt.ms(ours.ownBeans()), Fmt.ms(ours.firstEvaluation()),
				off.classes() - base.classes(), off.ownBeanCount()));
		section.paragraph("The same minimal application (`BenchmarkApp`: `@SpringBootApplication`, net.devh's gRPC "
				+ "server on a random port of 127.0.0.1, Actuator with the Kubernetes probes on, logging at WARN) is "
				+ "started " + runs + " times per variant in fresh JVMs (" + String.join(" ", AppRuns.JVM_OPTIONS)
				+ "), one start of each variant per round in rotating order, after one uncounted round. *Ready* is "
				+ "measured by the benchmark from the moment it starts the process until the application prints that "
				+ "it is ready (after `ApplicationReadyEvent`, so the gRPC server is listening and, with health-grpc, "
				+ "the first evaluation of the indicators is done); *context* is Spring Boot's own figure for "
				+ "`SpringApplication.run`; *CPU* is the CPU time the process used until ready, all threads. Without "
				+ "health-grpc, net.devh serves its own health service; the third variant keeps health-grpc's jars on "
				+ "the class path but switches it off. What health-grpc adds is taken round by round (with minus "
				+ "without, started next to each other) and the median of those differences is reported.");
		List<List<String>> rows = new ArrayList<>();
		starts.forEach((name, list) -> {
			Samples wall = of(list, Start::wall);
			rows.add(List.of(name, Fmt.ms(wall.percentile(50)), Fmt.ms(wall.min()) + " – " + Fmt.ms(wall.max()),
					Fmt.ms(of(list, Start::context).percentile(50)), Fmt.ms(of(list, Start::cpu).percentile(50)),
					name.equals(WITHOUT) ? "" : signed(added(starts, name, Start::wall).percentile(50)) + " / "
							+ signed(added(starts, name, Start::cpu).percentile(50))));
		});
		section.table(List.of("Variant", "ready (median)", "ready (min – max)", "context (median)",
				"CPU until ready (median)", "added: ready / CPU (median of paired differences)"), rows);
		section.paragraph(String.format(Locale.ROOT,
				"The verdicts take the median of the paired differences in ready time and a distribution-free 95%% "
						+ "interval around it (order statistics): *met* when the whole interval is below the target, "
						+ "*missed* when it is all above, otherwise not resolved. The paired differences of this run "
						+ "spread over %s (with health-grpc) and %s (switched off) between their quartiles; from that "
						+ "spread the verdicts say how many rounds would narrow the interval to ± half the target "
						+ "(`--startup.runs=N`; each round is three starts).",
				Fmt.ms(with.quartileSpread()), Fmt.ms(disabled.quartileSpread())));
		section.paragraph("Where the added time goes: " + profiledRuns + " more start(s) per variant, not timed, with "
				+ "`-Xlog:class+load` and Spring's `BufferingApplicationStartup` (the `spring.beans.instantiate` "
				+ "steps, and health-grpc's own step `grpc.health.first-evaluation`, which it records in whatever "
				+ "`ApplicationStartup` the application sets: how long the start waited for the first evaluation). *Own beans* is the time spent creating health-grpc's "
				+ "beans (its configuration classes, properties and the beans they define) less the time of beans "
				+ "they made Spring create on the way, which the application has anyway; medians of the profiled "
				+ "starts. Part of it is moved rather than added: health-grpc's service builds the descriptors of "
				+ "`grpc.health.v1` (loading the generated message classes), which a server without health-grpc "
				+ "builds too, when net.devh binds the stock service.");
		List<List<String>> profileRows = new ArrayList<>();
		profiles.forEach((name,
				profile) -> profileRows.add(List.of(name, Fmt.count(profile.classes()), Fmt.count(profile.ownClasses()),
						Fmt.count(profile.protobufClasses()), String.valueOf(profile.ownBeanCount()),
						Fmt.ms(profile.ownBeans()), Fmt.ms(profile.firstEvaluation()))));
		section.table(
				List.of("Variant", "classes loaded until ready", "of them health-grpc's", "of them protobuf's",
						"health-grpc beans created", "own beans, time", "waited for the first evaluation"),
				profileRows);
		section.paragraph("Switched off, health-grpc loads only what Spring Boot's conditions need to see that it is "
				+ "off: its auto-configuration classes are read as bytecode, and the conditions of the two that "
				+ "depend on the engine load the two or three classes they name. With it on, the cost is its own "
				+ "classes, its beans and the first evaluation of the application's indicators, which the gRPC "
				+ "server waits for by design (PROTOCOL.md rule 15: the first Check after the server starts answers "
				+ "from real results). On a cold JVM that first evaluation takes some 50 to 120 ms (class loading, "
				+ "the first call of every indicator), so it begins in the background as soon as health-grpc's "
				+ "lifecycle bean exists (the indicators exist by then) and runs while Spring creates the rest of "
				+ "the application's beans; the start waits only for what is left of it when the context reaches "
				+ "health-grpc's lifecycle phase, usually nothing. The descriptors of "
				+ "the health service's proto file are built only when server reflection asks for them: they "
				+ "load some 150 of protobuf's classes that a server without reflection never needs.");
		List<String> names = new ArrayList<>(starts.keySet());
		Map<String, List<? extends Number>> series = new LinkedHashMap<>();
		series.put("ready (process start to ready), median",
				names.stream().map((n) -> Math.round(of(starts.get(n), Start::wall).percentile(50) / 1e6)).toList());
		series.put("Spring context, median",
				names.stream().map((n) -> Math.round(of(starts.get(n), Start::context).percentile(50) / 1e6)).toList());
		series.put("CPU until ready, median",
				names.stream().map((n) -> Math.round(of(starts.get(n), Start::cpu).percentile(50) / 1e6)).toList());
		section.chart(charts.bars("startup", "Application start, fresh JVM each time", "ms", false,
				List.of("no health-grpc", "with health-grpc", "present, disabled"), series));
	}

}
