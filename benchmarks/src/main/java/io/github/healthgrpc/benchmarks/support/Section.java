package io.github.healthgrpc.benchmarks.support;

import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's part of the results page: its verdicts against the targets and its
 * details.
 */
public final class Section {

	/** How a figure compares with its target. */
	public enum Outcome {

		MET("met"), MISSED("**missed**"), SHOWN("shown"),

		/**
		 * The run's own control says the noise is larger than the margin the target
		 * allows.
		 */
		UNRESOLVED("not resolved (too noisy)");

		private final String label;

		Outcome(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

	}

	/**
	 * One line of the summary.
	 *
	 * @param target what the project sets itself
	 * @param measured what this run measured
	 * @param outcome met, missed, or shown only (no target)
	 */
	public record Verdict(String target, String measured, Outcome outcome) {
	}

	private final String id;

	private final String title;

	private final StringBuilder body = new StringBuilder();

	private final List<Verdict> verdicts = new ArrayList<>();

	private long elapsedNanos;

	private String failure;

	// A section carried over from the page as it was, when a run selects other scenarios
	// only: its summary rows and its text, as written then.
	private String keptSummary;

	public Section(String id, String title) {
		this.id = id;
		this.title = title;
	}

	/**
	 * A section of an earlier run, kept as it was on the page.
	 * @param summaryRows its rows of the summary table, as written
	 * @param body its text, charts and run time, as written
	 */
	public static Section kept(String id, String title, String summaryRows, String body) {
		Section section = new Section(id, title);
		section.keptSummary = summaryRows;
		section.body.append(body);
		return section;
	}

	/** The summary rows of a kept section, or {@code null} for a section of this run. */
	public String keptSummary() {
		return this.keptSummary;
	}

	public String id() {
		return this.id;
	}

	public String title() {
		return this.title;
	}

	public String anchor() {
		return this.title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").trim().replace(' ', '-');
	}

	public Section paragraph(String text) {
		this.body.append(text.strip()).append("\n\n");
		return this;
	}

	public Section table(List<String> header, List<List<String>> rows) {
		this.body.append("| ").append(String.join(" | ", header)).append(" |\n|");
		header.forEach((h) -> this.body.append("---|"));
		this.body.append('\n');
		for (List<String> row : rows) {
			this.body.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		this.body.append('\n');
		return this;
	}

	/** An image that {@link Charts} wrote, or a note that it could not. */
	public Section chart(Charts.Saved chart) {
		if (chart.path() != null) {
			this.body.append("![").append(chart.title()).append("](").append(chart.path()).append(")\n\n");
		}
		else {
			this.body.append("_(chart not drawn: ").append(chart.error()).append(")_\n\n");
		}
		return this;
	}

	public Section verdict(String target, String measured, boolean met) {
		this.verdicts.add(new Verdict(target, measured, met ? Outcome.MET : Outcome.MISSED));
		return this;
	}

	/**
	 * A verdict that this run can only give when its noise is below the target's margin.
	 * @param resolvable whether the run's control measurement shows that it is
	 */
	public Section verdict(String target, String measured, boolean met, boolean resolvable) {
		if (!resolvable) {
			this.verdicts.add(new Verdict(target, measured, Outcome.UNRESOLVED));
			return this;
		}
		return verdict(target, measured, met);
	}

	public Section shown(String what, String measured) {
		this.verdicts.add(new Verdict(what, measured, Outcome.SHOWN));
		return this;
	}

	public void failed(Throwable ex) {
		this.failure = ex.toString();
	}

	public String failure() {
		return this.failure;
	}

	public List<Verdict> verdicts() {
		return this.verdicts;
	}

	public String body() {
		return this.body.toString();
	}

	public void elapsed(long nanos) {
		this.elapsedNanos = nanos;
	}

	public long elapsedNanos() {
		return this.elapsedNanos;
	}

}
