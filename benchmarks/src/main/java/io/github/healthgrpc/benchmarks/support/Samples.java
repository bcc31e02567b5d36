package io.github.healthgrpc.benchmarks.support;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * {@code long} samples (nanoseconds, bytes) in an HdrHistogram, with its percentiles (by
 * nearest rank, to {@value #SIGNIFICANT_DIGITS} significant digits: well below the noise
 * of any figure reported). Not thread-safe: give each thread its own and {@link #addAll
 * merge} them.
 */
public final class Samples {

	/**
	 * Values are kept to this many significant decimal digits (a relative error of at
	 * most 0.1%).
	 */
	public static final int SIGNIFICANT_DIGITS = 3;

	private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);

	/**
	 * What is subtracted from each value before it is recorded (HdrHistogram takes no
	 * negative values).
	 */
	private final long offset;

	public Samples() {
		this(0);
	}

	private Samples(long offset) {
		this.offset = offset;
	}

	/**
	 * Samples that may be negative (differences), none below a known lowest value.
	 * @param lowest the lowest value that will be added
	 * @return empty samples
	 */
	public static Samples atLeast(long lowest) {
		return new Samples(Math.min(0, lowest));
	}

	public void add(long value) {
		if (value < this.offset) {
			throw new IllegalArgumentException("Sample " + value + " below the lowest expected, " + this.offset);
		}
		this.histogram.recordValue(value - this.offset);
	}

	public void addAll(Samples other) {
		if (other.offset != this.offset) {
			throw new IllegalArgumentException("Samples with different offsets");
		}
		this.histogram.add(other.histogram);
	}

	public int size() {
		return Math.toIntExact(this.histogram.getTotalCount());
	}

	public boolean isEmpty() {
		return size() == 0;
	}

	/** The p-th percentile (0 to 100) by nearest rank; {@code NaN} when empty. */
	public double percentile(double p) {
		if (isEmpty()) {
			return Double.NaN;
		}
		return (double) this.histogram.getValueAtPercentile(p) + this.offset;
	}

	public double max() {
		return isEmpty() ? Double.NaN : (double) this.histogram.getMaxValue() + this.offset;
	}

	public double min() {
		return isEmpty() ? Double.NaN : (double) this.histogram.getMinValue() + this.offset;
	}

	public double mean() {
		return isEmpty() ? Double.NaN : this.histogram.getMean() + this.offset;
	}

	/**
	 * The cumulative distribution, for charts: each distinct recorded value (within the
	 * histogram's precision) and the fraction of samples at or below it.
	 * @return {@code {values, fractions}}, by increasing value
	 */
	public double[][] cumulative() {
		int distinct = 0;
		for (HistogramIterationValue ignored : this.histogram.recordedValues()) {
			distinct++;
		}
		double[] values = new double[distinct];
		double[] fractions = new double[distinct];
		double total = size();
		int i = 0;
		for (HistogramIterationValue value : this.histogram.recordedValues()) {
			values[i] = (double) value.getValueIteratedTo() + this.offset;
			fractions[i] = value.getTotalCountToThisValue() / total;
			i++;
		}
		return new double[][] { values, fractions };
	}

	/**
	 * The median of a few figures at or above zero, such as one ratio per round: the
	 * middle one, or the mean of the two middle ones when their number is even. Figures
	 * that are not finite ({@code NaN} of a failed round) are left out.
	 * @param values the figures
	 * @return the median, or {@code NaN} if there is none
	 */
	public static double median(double... values) {
		DoubleHistogram histogram = new DoubleHistogram(SIGNIFICANT_DIGITS);
		for (double value : values) {
			if (Double.isFinite(value)) {
				histogram.recordValue(value);
			}
		}
		long count = histogram.getTotalCount();
		if (count == 0) {
			return Double.NaN;
		}
		double lower = histogram.getValueAtPercentile(50);
		if (count % 2 == 1) {
			return lower;
		}
		// Rank count / 2 + 1 (nearest rank), the upper of the two middle figures.
		double upper = histogram.getValueAtPercentile((count / 2 + 0.5) / count * 100);
		return (lower + upper) / 2;
	}

	/**
	 * A distribution-free 95% confidence interval for the median of sorted figures, from
	 * their order statistics: ranks n/2 ± 1.96·√n/2 bracket the median with about 95%
	 * confidence. Fewer than six figures bracket nothing, and the interval is unbounded.
	 * @param sorted the figures, in ascending order
	 * @return the lower and upper bound
	 */
	public static double[] medianInterval95(double[] sorted) {
		int n = sorted.length;
		int k = (int) Math.floor((n - 1.96 * Math.sqrt(n)) / 2);
		return (k >= 0 && n > 0) ? new double[] { sorted[k], sorted[n - 1 - k] }
				: new double[] { Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY };
	}

}
