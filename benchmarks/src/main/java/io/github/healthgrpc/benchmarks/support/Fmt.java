package io.github.healthgrpc.benchmarks.support;

import java.util.Locale;

/** Number formats for the report. */
public final class Fmt {

	private Fmt() {
	}

	public static String count(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}

	public static String ms(double nanos) {
		double ms = nanos / 1e6;
		if (Double.isNaN(ms)) {
			return "n/a";
		}
		if (ms >= 100) {
			return String.format(Locale.ROOT, "%,.0f ms", ms);
		}
		if (ms >= 10) {
			return String.format(Locale.ROOT, "%.1f ms", ms);
		}
		return String.format(Locale.ROOT, "%.2f ms", ms);
	}

	public static String us(double nanos) {
		if (Double.isNaN(nanos)) {
			return "n/a";
		}
		double us = nanos / 1e3;
		return (us >= 100) ? String.format(Locale.ROOT, "%,.0f µs", us) : String.format(Locale.ROOT, "%.1f µs", us);
	}

	/** Nanoseconds as µs below 1 ms and ms above. */
	public static String time(double nanos) {
		return (nanos < 1e6) ? us(nanos) : ms(nanos);
	}

	public static String ratio(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "n/a";
		}
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f×", value);
		}
		if (value >= 10) {
			return String.format(Locale.ROOT, "%.1f×", value);
		}
		return String.format(Locale.ROOT, "%.2f×", value);
	}

	public static String bytes(double bytes) {
		double abs = Math.abs(bytes);
		if (abs >= 1 << 30) {
			return String.format(Locale.ROOT, "%.2f GiB", bytes / (1 << 30));
		}
		if (abs >= 1 << 20) {
			return String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
		}
		if (abs >= 10 << 10) {
			return String.format(Locale.ROOT, "%.1f KiB", bytes / (1 << 10));
		}
		return String.format(Locale.ROOT, "%,.0f B", bytes);
	}

	public static String seconds(double nanos) {
		return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
	}

	public static String perSecond(double value) {
		return String.format(Locale.ROOT, "%,.0f /s", value);
	}

}
