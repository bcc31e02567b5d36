package io.github.healthgrpc.benchmarks.scenario;

import io.github.healthgrpc.benchmarks.Settings;
import io.github.healthgrpc.benchmarks.support.Charts;
import io.github.healthgrpc.benchmarks.support.Section;

/**
 * One measurement of the results page: it runs, then writes its verdicts, tables and
 * charts.
 */
public interface Scenario {

	/** The name used with {@code --scenarios=}. */
	String id();

	/** The heading on the page. */
	String title();

	void run(Settings settings, Charts charts, Section section) throws Exception;

}
