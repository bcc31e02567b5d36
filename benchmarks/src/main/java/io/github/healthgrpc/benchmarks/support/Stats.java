package io.github.healthgrpc.benchmarks.support;

import java.util.Arrays;
import java.util.Map;

/** Percentiles by nearest rank, medians and their distribution-free intervals. */
public final class Stats {

	private Stats() {
	}

	/** The p-th percentile (0 to 100) of sorted values; NaN when there is none. */
	public static double percentile(long[] sorted, double p) {
		return (sorted.length == 0) ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
	}

	/** Count, mean, p50, p99 and max of sorted values. */
	public static Map<String, Object> summary(long[] sorted) {
		return Map.of("count", sorted.length, "mean", Arrays.stream(sorted).average().orElse(Double.NaN), "p50",
				percentile(sorted, 50), "p99", percentile(sorted, 99), "max", percentile(sorted, 100));
	}

	/**
	 * The median of the finite values: the middle one, or the mean of the two middle
	 * ones.
	 */
	public static double median(double... values) {
		double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
		int n = sorted.length;
		return (n == 0) ? Double.NaN : (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
	}

	/**
	 * A distribution-free 95% interval for the median of sorted values, their order
	 * statistics of ranks n/2 ± 1.96·√n/2; fewer than six values bracket nothing (NaN).
	 */
	public static double[] interval95(double[] sorted) {
		int n = sorted.length;
		int k = (int) Math.floor((n - 1.96 * Math.sqrt(n)) / 2);
		return (k >= 0 && n > 0) ? new double[] { sorted[k], sorted[n - 1 - k] }
				: new double[] { Double.NaN, Double.NaN };
	}

}
