package io.github.healthgrpc.benchmarks.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;

/**
 * The sizes of a run: the documented full run's or, with {@code --quick}, smaller ones
 * for a smoke test; {@code --name=value} sets any of them.
 */
public final class Settings {

	/** Name, full run, quick run (null: the same). */
	private static final String[][] DEFAULTS = {
			{ "scenarios", String.join(",", Scenario.ALL.stream().map(Scenario::id).toList()), null },
			{ "jmh.forks", "1", null }, { "jmh.warmup-iterations", "3", "1" }, { "jmh.iterations", "5", "2" },
			{ "jmh.iteration-time", "1s", "200ms" }, { "jmh.heap", "2g", "1g" }, { "fanout.forks", "8", "1" },
			{ "fanout.warmup-iterations", "4", "1" }, { "fanout.iterations", "6", "2" },
			{ "watchers.count", "10000", "2000" }, { "watchers.changes", "5", "2" },
			{ "slow-reader.changes", "1000000", "100000" }, { "propagation.refresh-interval", "100ms", null },
			{ "propagation.flips", "40", "5" }, { "propagation.readiness-events", "60", "5" },
			{ "hang.runs", "3", "1" }, { "hang.give-up", "15s", null }, { "startup.runs", "3", "1" },
			{ "shutdown.watchers", "1000", null }, { "shutdown.runs", "3", "1" },
			{ "shutdown.drain-delay", "500ms", null }, { "shutdown.grace-period", "5s", null } };

	private final Map<String, String> values = new LinkedHashMap<>();

	private final Map<String, String> changed = new LinkedHashMap<>();

	private final boolean quick;

	public Settings(List<String> args) {
		this.quick = args.contains("--quick");
		for (String[] setting : DEFAULTS) {
			this.values.put(setting[0], (this.quick && setting[2] != null) ? setting[2] : setting[1]);
		}
		for (String arg : args) {
			String name = arg.replaceAll("^--([^=]+)=.*", "$1");
			if (this.values.containsKey(name)) {
				this.changed.put(name, arg.substring(arg.indexOf('=') + 1));
			}
			else if (!List.of("--quick", "--render").contains(arg) && !arg.startsWith("--out=")) {
				throw new IllegalArgumentException("Unknown " + arg + "; the settings are " + this.values.keySet());
			}
		}
		this.values.putAll(this.changed);
		this.changed.remove("scenarios");
	}

	public String string(String name) {
		return this.values.get(name);
	}

	public int integer(String name) {
		return Integer.parseInt(string(name));
	}

	public Duration duration(String name) {
		return DurationStyle.detectAndParse(string(name));
	}

	/** How these differ from the documented full run's settings, for the page. */
	public String describe() {
		return (this.quick ? "quick settings (a smoke test, not for the page)" : "the documented full run's settings")
				+ (this.changed.isEmpty() ? "" : " except " + this.changed);
	}

}
