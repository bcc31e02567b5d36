package io.github.healthgrpc.benchmarks.scenario;

import java.util.List;

import io.github.healthgrpc.benchmarks.report.Results;

/** One question of the page: it runs and returns what it measured. */
public interface Scenario {

	/** Every scenario, in the order of the page. */
	List<Scenario> ALL = List.of(new CheckScenario(), new FanOutScenario(), new WatchersScenario(),
			new PropagationScenario(), new HangScenario(), new StartupScenario(), new ShutdownScenario());

	/** Its name, in {@code --scenarios=} and in the name of its results file. */
	String id();

	Results run(Settings settings) throws Exception;

}
