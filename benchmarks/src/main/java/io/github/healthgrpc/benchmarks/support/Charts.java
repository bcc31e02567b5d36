package io.github.healthgrpc.benchmarks.support;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts with XChart, drawn into {@code docs/benchmarks/}. A chart that cannot be
 * drawn (a JVM without fonts, say) is reported on the page instead of failing the run.
 */
public final class Charts {

	/** Ours first, then the baselines, in the same colours on every chart. */
	private static final Color[] COLORS = { new Color(0x1b9e77), new Color(0xd95f02), new Color(0x7570b3),
			new Color(0xe7298a), new Color(0x66a61e) };

	/**
	 * A chart written, or why not.
	 *
	 * @param title its title
	 * @param path its path relative to the page, or {@code null}
	 * @param error why it was not drawn, or {@code null}
	 */
	public record Saved(String title, String path, String error) {
	}

	private final Path directory;

	private final String relativeDirectory;

	/**
	 * @param directory where the PNG files go
	 * @param relativeDirectory the same, as the page links it
	 */
	public Charts(Path directory, String relativeDirectory) {
		this.directory = directory;
		this.relativeDirectory = relativeDirectory;
	}

	/** Grouped bars: one group per category, one bar per series. */
	public Saved bars(String file, String title, String yTitle, boolean logarithmic, List<String> categories,
			Map<String, List<? extends Number>> series) {
		try {
			CategoryChart chart = new CategoryChartBuilder().width(900)
				.height(420)
				.title(title)
				.yAxisTitle(yTitle)
				.build();
			style(chart.getStyler());
			chart.getStyler().setYAxisLogarithmic(logarithmic);
			if (logarithmic) {
				// XChart's bars start at the axis minimum, which must be above zero on a
				// log axis.
				double least = series.values()
					.stream()
					.flatMap(List::stream)
					.mapToDouble(Number::doubleValue)
					.filter((v) -> v > 0)
					.min()
					.orElse(1);
				chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least))));
			}
			chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
			chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
			chart.getStyler().setLabelsVisible(true);
			chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
			chart.getStyler().setLabelsFontColor(Color.DARK_GRAY);
			chart.getStyler().setXAxisMaxLabelCount(categories.size());
			chart.getStyler().setDecimalPattern("#,##0.###");
			chart.getStyler().setYAxisDecimalPattern("#,##0.###");
			// As doubles: XChart's log axis casts the values to Double.
			series.forEach((name, values) -> chart.addSeries(name, categories,
					values.stream().map(Number::doubleValue).toList()));
			return save(chart, file, title);
		}
		catch (RuntimeException | Error ex) {
			return new Saved(title, null, ex.toString());
		}
	}

	/** Lines through points: each series is {x[], y[]}. */
	public Saved lines(String file, String title, String xTitle, String yTitle, boolean logarithmicY,
			Map<String, double[][]> series) {
		try {
			XYChart chart = new XYChartBuilder().width(900)
				.height(420)
				.title(title)
				.xAxisTitle(xTitle)
				.yAxisTitle(yTitle)
				.build();
			style(chart.getStyler());
			chart.getStyler().setYAxisLogarithmic(logarithmicY);
			chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
			chart.getStyler().setXAxisDecimalPattern("#,##0.##");
			series.forEach((name, points) -> {
				XYSeries line = chart.addSeries(name, points[0], points[1]);
				line.setMarker((points[0].length <= 30) ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
			});
			return save(chart, file, title);
		}
		catch (RuntimeException | Error ex) {
			return new Saved(title, null, ex.toString());
		}
	}

	/**
	 * A cumulative distribution: for each series, the fraction of samples at or below x.
	 */
	public Saved cdf(String file, String title, String xTitle, Map<String, Samples> samples, double xScale) {
		Map<String, double[][]> series = new java.util.LinkedHashMap<>();
		samples.forEach((name, values) -> {
			double[][] cumulative = values.cumulative();
			int length = cumulative[0].length;
			int points = Math.min(length, 400);
			double[] x = new double[points];
			double[] y = new double[points];
			for (int i = 0; i < points; i++) {
				int index = (points == 1) ? length - 1 : (int) ((long) i * (length - 1) / (points - 1));
				x[i] = cumulative[0][index] / xScale;
				y[i] = cumulative[1][index];
			}
			series.put(name, new double[][] { x, y });
		});
		return lines(file, title, xTitle, "fraction of samples at or below", false, series);
	}

	private static void style(Styler styler) {
		styler.setSeriesColors(COLORS);
		styler.setChartBackgroundColor(Color.WHITE);
		styler.setPlotBackgroundColor(Color.WHITE);
		styler.setLegendBorderColor(Color.WHITE);
		styler.setChartTitleBoxVisible(false);
		styler.setPlotBorderVisible(false);
		styler.setAntiAlias(true);
	}

	private Saved save(Chart<?, ?> chart, String file, String title) {
		try {
			Files.createDirectories(this.directory);
			Path target = this.directory.resolve(file + ".png");
			BitmapEncoder.saveBitmap(chart, target.toString(), BitmapFormat.PNG);
			return new Saved(title, this.relativeDirectory + "/" + file + ".png", null);
		}
		catch (IOException | RuntimeException ex) {
			try {
				Files.deleteIfExists(this.directory.resolve(file + ".png"));
			}
			catch (IOException ignored) {
				// best effort
			}
			return new Saved(title, null, ex.toString());
		}
	}

}
