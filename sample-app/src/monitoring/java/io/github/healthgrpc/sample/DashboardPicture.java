package io.github.healthgrpc.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.healthgrpc.sample.MonitoringKit.PanelQuery;

/**
 * The dashboard's main panels drawn from a Prometheus's data (query_range at one-second
 * steps) into a PNG, in Grafana's dark colours: the kit's alerts, the status of the main
 * names, status changes, evaluation time per indicator, Watch streams and the downstream.
 * The queries are the dashboard's own, with the name variable set to a few names; Grafana
 * itself cannot run here. Java2D only, nothing to install.
 */
final class DashboardPicture {

	private static final int WIDTH = 1600;

	private static final int MARGIN = 16;

	private static final int LABEL_WIDTH = 270;

	/** The bar charts' buckets, in seconds: Grafana's step and $__rate_interval. */
	private static final int BUCKET = 5;

	private static final Color BACKGROUND = new Color(0x111217);

	private static final Color PANEL = new Color(0x181b1f);

	private static final Color BORDER = new Color(0x2c3235);

	private static final Color TEXT = new Color(0xccccdc);

	private static final Color DIM = new Color(0x8e8e9e);

	private static final Color GRID = new Color(0x25282d);

	private static final Color GREEN = new Color(0x73bf69);

	private static final Color RED = new Color(0xf2495c);

	private static final Color ORANGE = new Color(0xff9830);

	private static final Color GREY = new Color(0x6e6e7a);

	private static final Color[] PALETTE = { new Color(0x73bf69), new Color(0xf2cc0c), new Color(0x8ab8ff),
			new Color(0xff780a), new Color(0xf2495c), new Color(0x5794f2), new Color(0xb877d9), new Color(0x705da0),
			new Color(0x37872d), new Color(0xfade2a) };

	/** The names whose status the picture shows ("" first). */
	private static final String NAMES = "|db|downstream|helloworld.Greeter|grpcClients/peer";

	/**
	 * Something the test did, drawn as a numbered line across every panel.
	 *
	 * @param at when
	 * @param what what, in a few words
	 */
	record Mark(Instant at, String what) {

	}

	private record Series(String name, double[] values) {

		double max() {
			double max = 0;
			for (double value : this.values) {
				if (!Double.isNaN(value)) {
					max = Math.max(max, value);
				}
			}
			return max;
		}

	}

	private final Graphics2D g;

	private final Instant start;

	private final int steps;

	private final List<Mark> marks;

	private int plotLeft;

	private int plotRight;

	private DashboardPicture(Graphics2D g, Instant start, int steps, List<Mark> marks) {
		this.g = g;
		this.start = start;
		this.steps = steps;
		this.marks = marks;
	}

	/**
	 * Draws the picture.
	 * @param prometheus where the data is
	 * @param start the first second
	 * @param end the last second
	 * @param marks what the test did when
	 * @param rateInterval what Grafana's $__rate_interval stands for
	 * @param file the PNG to write
	 */
	static void render(PrometheusServer prometheus, Instant start, Instant end, List<Mark> marks, String rateInterval,
			Path file) throws IOException {
		Instant first = Instant.ofEpochSecond(start.getEpochSecond());
		int steps = (int) Duration.between(first, end).toSeconds() + 1;
		Map<String, String> instances = instanceNames(prometheus, start, end);
		Function<JsonNode, String> instance = (metric) -> instances.getOrDefault(metric.path("instance").asText(),
				metric.path("instance").asText());

		int height = 2000;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(BACKGROUND);
		g.fillRect(0, 0, WIDTH, height);
		DashboardPicture picture = new DashboardPicture(g, first, steps, marks);
		Query query = new Query(prometheus, first, steps, rateInterval);

		int y = picture.header(instances);
		int full = WIDTH - 2 * MARGIN;
		int half = (full - MARGIN) / 2;

		List<Series> alerts = query.series("max by (alertname, alertstate) (ALERTS{alertname=~\"GrpcHealth.*\"})",
				(metric) -> metric.path("alertname").asText() + "\u0000" + metric.path("alertstate").asText());
		y = picture.alertTimeline(MARGIN, y, full, "Alerts of the kit (pending, firing)", alerts) + MARGIN;

		List<Series> statuses = query.series(panelExpr("Status of every name"),
				(metric) -> instance.apply(metric) + "  \"" + metric.path("service").asText() + "\"");
		statuses.sort(Comparator.comparing(Series::name));
		y = picture.statusTimeline(MARGIN, y, full, "Status of every name (a few names)", statuses) + MARGIN;

		List<Series> changes = query.buckets(panelExpr("Status changes"), BUCKET,
				(metric) -> metric.path("status").asText());
		List<Series> evaluation = query.series(panelExpr("Evaluation time per indicator (mean)"),
				(metric) -> instance.apply(metric) + " " + metric.path("indicator").asText());
		int rowTop = y;
		int left = picture.stackedBars(MARGIN, rowTop, half, 300,
				"Status changes per " + BUCKET + " s (all names, by the status changed to)", changes,
				Map.of("NOT_SERVING", RED, "SERVING", GREEN, "UNKNOWN", GREY));
		int right = picture.lines(MARGIN * 2 + half, rowTop, half, 300, "Evaluation time per indicator (mean)",
				evaluation, "s", 6);
		y = Math.max(left, right) + MARGIN;

		List<Series> streams = query.series(panelExpr("Open Watch streams"),
				(metric) -> instance.apply(metric) + " " + metric.path("listener").asText());
		List<Series> downstream = query.series(panelExpr("Downstream health"),
				(metric) -> instance.apply(metric) + " to " + metric.path("channel").asText());
		List<Series> restarts = query.buckets(panelExpr("Downstream Watch restarts"), BUCKET,
				(metric) -> instance.apply(metric) + " to " + metric.path("channel").asText());
		rowTop = y;
		left = picture.lines(MARGIN, rowTop, half, 300, "Open Watch streams", streams, "", 4);
		int downstreamBottom = picture.statusTimeline(MARGIN * 2 + half, rowTop, half, "Downstream health", downstream);
		right = picture.stackedBars(MARGIN * 2 + half, downstreamBottom + MARGIN, half,
				300 - (downstreamBottom - rowTop) - MARGIN, "Downstream Watch restarts per " + BUCKET + " s", restarts,
				Map.of(restarts.isEmpty() ? "" : restarts.get(0).name(), ORANGE));
		y = Math.max(left, right) + MARGIN;

		g.dispose();
		Files.createDirectories(file.toAbsolutePath().getParent());
		ImageIO.write(image.getSubimage(0, 0, WIDTH, y), "png", file.toFile());
	}

	/** The dashboard's query of a panel, with the picture's choice of names. */
	private static String panelExpr(String title) {
		return MonitoringKit.panelQueries()
			.stream()
			.filter((query) -> query.panel().equals(title))
			.map(PanelQuery::expr)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no panel '" + title + "' in the dashboard"))
			.replace("$name", NAMES);
	}

	/** upstream and watcher, by their instance label, from the sample's instance ids. */
	private static Map<String, String> instanceNames(PrometheusServer prometheus, Instant start, Instant end) {
		Map<String, String> names = new TreeMap<>();
		List<String> watchers = prometheus.labelValues("instance", "grpc_health_client_status", start, end);
		for (String instance : prometheus.labelValues("instance", "grpc_health_status", start, end)) {
			names.put(instance, watchers.contains(instance) ? "watcher" : "upstream");
		}
		return names;
	}

	private int header(Map<String, String> instances) {
		this.g.setColor(TEXT);
		this.g.setFont(font(Font.BOLD, 22));
		this.g.drawString("gRPC health (health-grpc): the dashboard's main panels, on real data", MARGIN, 34);
		this.g.setFont(font(Font.PLAIN, 14));
		this.g.setColor(DIM);
		StringBuilder who = new StringBuilder();
		instances.forEach(
				(instance, name) -> who.append(who.isEmpty() ? "" : ", ").append(name).append(" = ").append(instance));
		this.g.drawString("From the Prometheus of MonitoringKitIT, scraping two sample-app instances every second for "
				+ this.steps + " s: " + who + ".", MARGIN, 58);
		this.g.drawString("The watcher watches the upstream's helloworld.Greeter (grpcClients/peer). What the test did,"
				+ " numbered on the alerts below:", MARGIN, 78);
		int x = MARGIN;
		int y = 102;
		for (int i = 0; i < this.marks.size(); i++) {
			String text = this.marks.get(i).what();
			int width = this.g.getFontMetrics().stringWidth(text) + 40;
			if (x + width > WIDTH - MARGIN) {
				x = MARGIN;
				y += 22;
			}
			markBadge(x, y - 13, i + 1);
			this.g.setColor(TEXT);
			this.g.setFont(font(Font.PLAIN, 14));
			this.g.drawString(text, x + 22, y);
			x += width;
		}
		return y + 16;
	}

	/**
	 * One row per alert of the kit, in the rules file's order: orange while pending, red
	 * while firing. The test's steps are numbered above.
	 */
	private int alertTimeline(int x, int y, int width, String title, List<Series> series) {
		Map<String, Series[]> rows = new LinkedHashMap<>();
		MonitoringKit.alerts().forEach((alert) -> rows.put(alert.name(), new Series[2]));
		for (Series one : series) {
			String[] parts = one.name().split("\u0000");
			rows.computeIfAbsent(parts[0], (key) -> new Series[2])["firing".equals(parts[1]) ? 1 : 0] = one;
		}
		List<String> order = new ArrayList<>(rows.keySet());
		int rowHeight = 22;
		int badges = 44;
		int height = 36 + badges + order.size() * rowHeight + 52;
		panel(x, y, width, height, title);
		int top = y + 36 + badges;
		for (int r = 0; r < order.size(); r++) {
			int rowY = top + r * rowHeight;
			this.g.setColor(TEXT);
			this.g.setFont(font(Font.PLAIN, 13));
			String name = order.get(r);
			this.g.drawString(name.equals("GrpcHealthEvaluationSlow") ? name + " *" : name, x + 10, rowY + 15);
			Series[] states = rows.get(name);
			for (int step = 0; step < this.steps; step++) {
				Color color = null;
				if (states[1] != null && !Double.isNaN(states[1].values()[step])) {
					color = RED;
				}
				else if (states[0] != null && !Double.isNaN(states[0].values()[step])) {
					color = ORANGE;
				}
				if (color != null) {
					fillStep(step, rowY + 2, rowHeight - 4, color);
				}
			}
		}
		int bottom = top + order.size() * rowHeight;
		timeAxis(bottom);
		Map<String, Color> legend = new LinkedHashMap<>();
		legend.put("pending", ORANGE);
		legend.put("firing", RED);
		legend(x + 10, bottom + 30, legend);
		this.g.setColor(DIM);
		this.g.drawString("* rates over 5 minutes, longer than this run: its expression is checked with the threshold"
				+ " lowered; promtool's unit tests check it fire", x + 200, bottom + 30);
		drawMarks(top - 4, bottom);
		// the numbers, staggered where steps are close
		int[] lastX = { Integer.MIN_VALUE / 2, Integer.MIN_VALUE / 2 };
		for (int i = 0; i < this.marks.size(); i++) {
			int second = secondOf(this.marks.get(i));
			if (second < 0 || second >= this.steps) {
				continue;
			}
			int markX = xOf(second);
			int level = (markX - lastX[0] >= 18) ? 0 : (markX - lastX[1] >= 18) ? 1 : 0;
			lastX[level] = markX;
			markBadge(markX - 8, top - 24 - level * 19, i + 1);
		}
		return y + height;
	}

	private int statusTimeline(int x, int y, int width, String title, List<Series> series) {
		int rowHeight = 22;
		int height = 40 + Math.max(1, series.size()) * rowHeight + 34;
		panel(x, y, width, height, title);
		int top = y + 36;
		for (int r = 0; r < series.size(); r++) {
			int rowY = top + r * rowHeight;
			this.g.setColor(TEXT);
			this.g.setFont(font(Font.PLAIN, 13));
			this.g.drawString(series.get(r).name(), x + 10, rowY + 15);
			double[] values = series.get(r).values();
			for (int step = 0; step < this.steps; step++) {
				if (!Double.isNaN(values[step])) {
					int code = (int) values[step];
					fillStep(step, rowY + 2, rowHeight - 4, (code == 1) ? GREEN : (code == 2) ? RED : GREY);
				}
			}
		}
		int bottom = top + series.size() * rowHeight;
		timeAxis(bottom);
		Map<String, Color> legend = new LinkedHashMap<>();
		legend.put("SERVING", GREEN);
		legend.put("NOT_SERVING", RED);
		legend.put("UNKNOWN", GREY);
		legend(x + 10, bottom + 30, legend);
		drawMarks(top - 4, bottom);
		return y + height;
	}

	private int lines(int x, int y, int width, int height, String title, List<Series> series, String unit,
			int legendEntries) {
		panel(x, y, width, height, title);
		int top = y + 40;
		int bottom = y + height - 30 - 18 * Math.min(legendEntries, series.size()) / 2;
		double max = yAxis(top, bottom, series.stream().mapToDouble(Series::max).max().orElse(1), unit);
		List<Series> ordered = new ArrayList<>(series);
		ordered.sort(Comparator.comparingDouble(Series::max).reversed());
		Map<String, Color> legend = new LinkedHashMap<>();
		for (int i = ordered.size() - 1; i >= 0; i--) {
			Color color = (i < legendEntries) ? PALETTE[i % PALETTE.length] : GREY;
			if (i < legendEntries) {
				legend.put(ordered.get(i).name(), color);
			}
			this.g.setColor(color);
			this.g.setStroke(new BasicStroke((i < legendEntries) ? 2f : 1f));
			double[] values = ordered.get(i).values();
			int previousX = -1;
			int previousY = -1;
			for (int step = 0; step < this.steps; step++) {
				if (Double.isNaN(values[step])) {
					previousX = -1;
					continue;
				}
				int px = xOf(step);
				int py = bottom - (int) Math.round((bottom - top) * Math.min(values[step], max) / max);
				if (previousX >= 0) {
					this.g.drawLine(previousX, previousY, px, py);
				}
				previousX = px;
				previousY = py;
			}
		}
		this.g.setStroke(new BasicStroke(1f));
		timeAxis(bottom);
		List<String> names = new ArrayList<>(legend.keySet());
		Collections.reverse(names);
		Map<String, Color> reversed = new LinkedHashMap<>();
		names.forEach((key) -> reversed.put(key, legend.get(key)));
		if (ordered.size() > legendEntries) {
			reversed.put((ordered.size() - legendEntries) + " more", GREY);
		}
		legend(x + 10, bottom + 30, reversed);
		drawMarks(top, bottom);
		return y + height;
	}

	private int stackedBars(int x, int y, int width, int height, String title, List<Series> series,
			Map<String, Color> colors) {
		int bucket = BUCKET;
		panel(x, y, width, height, title);
		int top = y + 40;
		int bottom = y + height - 48;
		Map<String, double[]> byName = new TreeMap<>(Comparator.reverseOrder());
		for (Series one : series) {
			double[] sum = byName.computeIfAbsent(one.name(), (key) -> new double[this.steps]);
			for (int step = 0; step < this.steps; step++) {
				if (!Double.isNaN(one.values()[step])) {
					sum[step] += one.values()[step];
				}
			}
		}
		double highest = 0;
		for (int step = 0; step < this.steps; step++) {
			double total = 0;
			for (double[] values : byName.values()) {
				total += values[step];
			}
			highest = Math.max(highest, total);
		}
		double max = yAxis(top, bottom, Math.max(highest, 1), "");
		int barWidth = Math.max(1, xOf(bucket) - xOf(0) - 2);
		for (int step = 0; step < this.steps; step++) {
			int stacked = bottom;
			for (Map.Entry<String, double[]> entry : byName.entrySet()) {
				int barHeight = (int) Math.round((bottom - top) * entry.getValue()[step] / max);
				if (barHeight > 0) {
					this.g.setColor(colors.getOrDefault(entry.getKey(), PALETTE[2]));
					this.g.fillRect(xOf(step) + 1, stacked - barHeight, barWidth, barHeight);
					stacked -= barHeight;
				}
			}
		}
		timeAxis(bottom);
		Map<String, Color> legend = new LinkedHashMap<>();
		byName.keySet().forEach((name) -> legend.put(name, colors.getOrDefault(name, PALETTE[2])));
		legend(x + 10, bottom + 30, legend);
		drawMarks(top, bottom);
		return y + height;
	}

	private void panel(int x, int y, int width, int height, String title) {
		this.g.setColor(PANEL);
		this.g.fillRoundRect(x, y, width, height, 6, 6);
		this.g.setColor(BORDER);
		this.g.drawRoundRect(x, y, width, height, 6, 6);
		this.g.setColor(TEXT);
		this.g.setFont(font(Font.BOLD, 15));
		this.g.drawString(title, x + 10, y + 22);
		this.plotLeft = x + LABEL_WIDTH;
		this.plotRight = x + width - 14;
	}

	/**
	 * Draws the value axis for values up to the highest given, and returns the axis's top
	 * value.
	 */
	private double yAxis(int top, int bottom, double highest, String unit) {
		this.g.setFont(font(Font.PLAIN, 12));
		double step = niceStep(highest);
		int divisions = (int) Math.max(1, Math.ceil(highest / step));
		for (int i = 0; i <= divisions; i++) {
			int lineY = bottom - (bottom - top) * i / divisions;
			this.g.setColor(GRID);
			this.g.drawLine(this.plotLeft, lineY, this.plotRight, lineY);
			this.g.setColor(DIM);
			String label = format(step * i) + (unit.isEmpty() ? "" : " " + unit);
			this.g.drawString(label, this.plotLeft - 8 - this.g.getFontMetrics().stringWidth(label), lineY + 4);
		}
		return divisions * step;
	}

	private void timeAxis(int y) {
		this.g.setFont(font(Font.PLAIN, 12));
		this.g.setColor(GRID);
		this.g.drawLine(this.plotLeft, y, this.plotRight, y);
		int every = (this.steps > 150) ? 30 : (this.steps > 60) ? 20 : 10;
		for (int second = 0; second < this.steps; second += every) {
			int tickX = xOf(second);
			this.g.setColor(DIM);
			this.g.drawLine(tickX, y, tickX, y + 4);
			String label = second + " s";
			this.g.drawString(label, tickX - this.g.getFontMetrics().stringWidth(label) / 2, y + 16);
		}
	}

	/** The test's steps as dashed lines. */
	private void drawMarks(int top, int bottom) {
		Stroke previous = this.g.getStroke();
		this.g.setStroke(
				new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 4f, 4f }, 0f));
		this.g.setColor(new Color(0x3d71d9));
		for (Mark mark : this.marks) {
			int second = secondOf(mark);
			if (second >= 0 && second < this.steps) {
				this.g.drawLine(xOf(second), top, xOf(second), bottom);
			}
		}
		this.g.setStroke(previous);
	}

	private int secondOf(Mark mark) {
		return (int) (Duration.between(this.start, mark.at()).toMillis() / 1000);
	}

	private void markBadge(int x, int y, int number) {
		this.g.setColor(new Color(0x1f60c4));
		this.g.fillOval(x, y, 16, 16);
		this.g.setColor(Color.WHITE);
		this.g.setFont(font(Font.BOLD, 11));
		String text = Integer.toString(number);
		this.g.drawString(text, x + 8 - this.g.getFontMetrics().stringWidth(text) / 2, y + 12);
		this.g.setFont(font(Font.PLAIN, 14));
	}

	private void legend(int x, int y, Map<String, Color> entries) {
		this.g.setFont(font(Font.PLAIN, 12));
		int at = x;
		for (Map.Entry<String, Color> entry : entries.entrySet()) {
			int width = this.g.getFontMetrics().stringWidth(entry.getKey()) + 34;
			if (at + width > this.plotRight && at > x) {
				at = x;
				y += 16;
			}
			this.g.setColor(entry.getValue());
			this.g.fillRect(at, y - 9, 14, 10);
			this.g.setColor(TEXT);
			this.g.drawString(entry.getKey(), at + 18, y);
			at += width;
		}
	}

	private void fillStep(int step, int y, int height, Color color) {
		int from = xOf(step);
		int to = xOf(step + 1);
		this.g.setColor(color);
		this.g.fillRect(from, y, Math.max(1, to - from), height);
	}

	private int xOf(int step) {
		return this.plotLeft + (int) Math.round((double) (this.plotRight - this.plotLeft) * step / this.steps);
	}

	/** A round step for about four divisions: 1, 2, 2.5 or 5 times a power of ten. */
	private static double niceStep(double value) {
		if (value <= 0) {
			return 1;
		}
		double rough = value / 4;
		double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
		for (double factor : new double[] { 1, 2, 2.5, 5 }) {
			if (rough <= factor * magnitude) {
				return factor * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static String format(double value) {
		if (value == Math.rint(value)) {
			return Long.toString((long) value);
		}
		return (Math.abs(value) >= 1) ? String.format("%.1f", value) : String.format("%.2f", value);
	}

	private static Font font(int style, int size) {
		return new Font(Font.SANS_SERIF, style, size);
	}

	/** query_range of the picture's seconds, one value per second (NaN where none). */
	private record Query(PrometheusServer prometheus, Instant first, int steps, String rateInterval) {

		List<Series> series(String expr, Function<JsonNode, String> name) {
			return run(MonitoringKit.substitute(expr, this.rateInterval), 1, name);
		}

		/**
		 * As Grafana draws bars: one value per bucket of seconds (the query's range the
		 * same), at the bucket's first second.
		 */
		List<Series> buckets(String expr, int seconds, Function<JsonNode, String> name) {
			return run(MonitoringKit.substitute(expr, seconds + "s"), seconds, name);
		}

		private List<Series> run(String expr, int step, Function<JsonNode, String> name) {
			long firstSecond = this.first.getEpochSecond();
			List<Series> result = new ArrayList<>();
			JsonNode matrix = this.prometheus.queryRange(expr, Instant.ofEpochSecond(firstSecond + step - 1),
					Instant.ofEpochSecond(firstSecond + this.steps - 1), Duration.ofSeconds(step));
			for (JsonNode series : matrix) {
				double[] values = new double[this.steps];
				Arrays.fill(values, Double.NaN);
				for (JsonNode point : series.path("values")) {
					// a bucket's value is drawn from its first second
					int index = (int) (Math.round(point.get(0).asDouble()) - firstSecond) - (step - 1);
					if (index >= 0 && index < this.steps) {
						values[index] = Double.parseDouble(point.get(1).asText());
					}
				}
				result.add(new Series(name.apply(series.path("metric")), values));
			}
			return result;
		}

	}

}
