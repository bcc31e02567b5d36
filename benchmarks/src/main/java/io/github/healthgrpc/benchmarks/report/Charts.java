package io.github.healthgrpc.benchmarks.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The page's PNG bar charts, drawn with XChart from the {@code charts} of each result
 * ({@link Results#bars}); the directory's old charts are deleted first.
 */
public final class Charts {

	/** health-grpc first, then the others, in the same colours on every chart. */
	private static final Color[] COLORS = { new Color(0x1b9e77), new Color(0xd95f02), new Color(0x7570b3),
			new Color(0xe7298a) };

	private Charts() {
	}

	public static void drawAll(JsonNode results, Path directory) throws IOException {
		try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "*.png")) {
			for (Path file : old) {
				Files.delete(file);
			}
		}
		for (JsonNode charts : results.findValues("charts")) {
			for (JsonNode spec : charts) {
				BitmapEncoder.saveBitmap(draw(spec), directory.resolve(spec.get("file").asText()).toString(),
						BitmapFormat.PNG);
			}
		}
	}

	private static CategoryChart draw(JsonNode spec) {
		CategoryChart chart = new CategoryChartBuilder().width(900)
			.height(420)
			.title(spec.get("title").asText())
			.yAxisTitle(spec.get("yTitle").asText())
			.build();
		Styler styler = chart.getStyler();
		styler.setSeriesColors(COLORS);
		styler.setChartBackgroundColor(Color.WHITE);
		styler.setPlotBackgroundColor(Color.WHITE);
		styler.setLegendPosition(Styler.LegendPosition.OutsideS);
		styler.setLegendLayout(Styler.LegendLayout.Horizontal);
		chart.getStyler().setDecimalPattern("#,##0.#");
		chart.getStyler().setYAxisDecimalPattern("#,##0.#");
		chart.getStyler().setLabelsVisible(true);
		chart.getStyler().setYAxisLogarithmic(spec.get("log").asBoolean());
		List<String> categories = new ArrayList<>();
		spec.get("categories").forEach((category) -> categories.add(category.asText()));
		double least = Double.MAX_VALUE;
		for (Map.Entry<String, JsonNode> series : spec.get("series").properties()) {
			List<Double> values = new ArrayList<>();
			series.getValue().forEach((value) -> values.add(value.isNumber() ? value.asDouble() : 0));
			least = values.stream().filter((v) -> v > 0).reduce(least, Math::min);
			chart.addSeries(series.getKey(), categories, values);
		}
		if (spec.get("log").asBoolean()) {
			// Bars start at the axis minimum, which must be above zero on a log axis.
			chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least))));
		}
		return chart;
	}

}
