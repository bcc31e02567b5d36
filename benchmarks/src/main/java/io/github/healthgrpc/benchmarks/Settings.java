package io.github.healthgrpc.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Sizes of a run. {@code full} is the documented run (a few minutes on 2 cores);
 * {@code quick} is a smoke run for development. Any value can be overridden with
 * {@code --name=value} (picocli options, listed by {@code --help}).
 */
public final class Settings {

	private static final String ALL_SCENARIOS = "jmh,check,fanout,slowreader,propagation,startup,shutdown,"
			+ "boot4-check,boot4-hang,boot4-startup,boot4-shutdown";

	private static final Map<String, String> FULL = new LinkedHashMap<>();

	private static final Map<String, String> QUICK = new LinkedHashMap<>();

	static {
		// name, full, quick
		define("scenarios", ALL_SCENARIOS, ALL_SCENARIOS);
		define("jmh.forks", "1", "1");
		define("jmh.warmup-iterations", "3", "1");
		define("jmh.iterations", "5", "2");
		define("jmh.iteration-time", "1s", "500ms");
		define("jmh.fanout-pairs", "4", "1");
		define("jmh.fanout-side-by-side-forks", "8", "1");
		define("jmh.fanout-warmup-iterations", "4", "1");
		define("jmh.fanout-iterations", "6", "2");
		define("jmh.heap", "2g", "1g");
		define("check.callers", "32", "32");
		define("check.channels", "4", "4");
		define("check.warmup", "2s", "2s");
		define("check.duration", "3s", "2s");
		define("check.rounds", "5", "2");
		define("check.head-to-head-rounds", "3", "1");
		define("check.slow-indicator", "50ms", "50ms");
		define("fanout.watchers", "10000", "2000");
		define("fanout.channels", "4", "4");
		define("fanout.changes", "5", "2");
		define("slowreader.changes", "1000000", "100000");
		define("slowreader.checkpoints", "10", "5");
		define("slowreader.child-heap", "512m", "512m");
		define("propagation.refresh-interval", "100ms", "100ms");
		define("propagation.flips", "40", "10");
		define("propagation.readiness-events", "60", "10");
		define("startup.runs", "7", "2");
		define("startup.profiled-runs", "2", "1");
		define("shutdown.watchers", "1000", "1000");
		define("shutdown.runs", "3", "1");
		define("shutdown.drain-delay", "500ms", "500ms");
		define("shutdown.grace-period", "5s", "5s");
		// The Boot 4.1 Check scenario takes the check.* sizes, its shutdown the
		// shutdown.* ones.
		define("boot4.hang.runs", "3", "1");
		define("boot4.hang.give-up", "15s", "15s");
		define("boot4.startup.runs", "3", "1");
	}

	private final boolean quick;

	private final Map<String, String> values;

	private Settings(boolean quick, Map<String, String> values) {
		this.quick = quick;
		this.values = values;
	}

	private static void define(String name, String full, String quick) {
		FULL.put(name, full);
		QUICK.put(name, quick);
	}

	/**
	 * Adds an option {@code --name=value} for every setting to a command line.
	 * @param command the command
	 */
	static void addOptions(CommandSpec command) {
		FULL.forEach((name, full) -> {
			String quick = QUICK.get(name);
			command.addOption(OptionSpec.builder("--" + name)
				.paramLabel("<value>")
				.type(String.class)
				.description("Default: " + full + (quick.equals(full) ? "" : " (with --quick: " + quick + ")") + ".")
				.build());
		});
	}

	/**
	 * The settings of a parsed command line: the full or quick sizes, with the options
	 * given.
	 * @param command what was parsed, with the options of {@link #addOptions}
	 * @param quick whether {@code --quick} was given
	 * @param out the directory of {@code --out}, or {@code null}
	 * @return the settings
	 */
	static Settings of(ParseResult command, boolean quick, String out) {
		Map<String, String> values = new LinkedHashMap<>(quick ? QUICK : FULL);
		for (String name : FULL.keySet()) {
			String value = command.matchedOptionValue("--" + name, null);
			if (value != null) {
				values.put(name, value);
			}
		}
		if (out != null) {
			values.put("out", out);
		}
		return new Settings(quick, values);
	}

	public boolean quick() {
		return this.quick;
	}

	public String string(String name) {
		String value = this.values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("No setting " + name);
		}
		return value;
	}

	public int integer(String name) {
		return Integer.parseInt(string(name).replace("_", ""));
	}

	public Duration duration(String name) {
		return DurationStyle.detectAndParse(string(name));
	}

	public Set<String> scenarios() {
		return new TreeSet<>(Set.of(string("scenarios").split(",")));
	}

	/** The settings that differ from the documented full run, for the report. */
	public Map<String, String> differencesFromFull() {
		Map<String, String> differences = new LinkedHashMap<>();
		this.values.forEach((name, value) -> {
			if (!value.equals(FULL.get(name))) {
				differences.put(name, value);
			}
		});
		return differences;
	}

	public Map<String, String> all() {
		return this.values;
	}

}
