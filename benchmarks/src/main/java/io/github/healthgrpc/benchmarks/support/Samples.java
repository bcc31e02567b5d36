package io.github.healthgrpc.benchmarks.support;

import java.util.Arrays;

/**
 * A growable list of {@code long} samples (nanoseconds, bytes) with percentiles by nearest rank.
 * Not thread-safe: give each thread its own and {@link #addAll merge} them.
 */
public final class Samples {

	private long[] values;

	private int size;

	private boolean sorted;

	public Samples() {
		this(1024);
	}

	public Samples(int capacity) {
		this.values = new long[Math.max(16, capacity)];
	}

	public void add(long value) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.values[this.size++] = value;
		this.sorted = false;
	}

	public void addAll(Samples other) {
		for (int i = 0; i < other.size; i++) {
			add(other.values[i]);
		}
	}

	public int size() {
		return this.size;
	}

	public boolean isEmpty() {
		return this.size == 0;
	}

	/** The p-th percentile (0 to 100) by nearest rank; {@code NaN} when empty. */
	public double percentile(double p) {
		if (this.size == 0) {
			return Double.NaN;
		}
		sort();
		int rank = (int) Math.ceil(p / 100.0 * this.size);
		return this.values[Math.min(this.size - 1, Math.max(0, rank - 1))];
	}

	public double max() {
		return percentile(100);
	}

	public double min() {
		return percentile(0);
	}

	public double mean() {
		if (this.size == 0) {
			return Double.NaN;
		}
		double sum = 0;
		for (int i = 0; i < this.size; i++) {
			sum += this.values[i];
		}
		return sum / this.size;
	}

	/** The sorted values, for charts. */
	public long[] sortedValues() {
		sort();
		return Arrays.copyOf(this.values, this.size);
	}

	private void sort() {
		if (!this.sorted) {
			Arrays.sort(this.values, 0, this.size);
			this.sorted = true;
		}
	}

	/** The median of some doubles (e.g. one figure per round). */
	public static double median(double... values) {
		double[] copy = values.clone();
		Arrays.sort(copy);
		int n = copy.length;
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
	}

}
