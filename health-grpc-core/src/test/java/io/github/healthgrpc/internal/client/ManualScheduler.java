package io.github.healthgrpc.internal.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link WatchScheduler} whose tasks run only when a test says so; cancelled tasks stay
 * listed so that a test can run one anyway, as a real executor may when the cancel comes
 * too late.
 */
final class ManualScheduler implements WatchScheduler {

	private final List<Task> tasks = new ArrayList<>();

	@Override
	public synchronized Cancellable schedule(Runnable task, Duration delay) {
		Task scheduled = new Task(task, delay);
		this.tasks.add(scheduled);
		return () -> scheduled.cancelled = true;
	}

	/** The delays of the tasks neither run nor cancelled, in order. */
	synchronized List<Duration> pendingDelays() {
		return this.tasks.stream().filter((task) -> !task.cancelled && !task.ran).map((task) -> task.delay).toList();
	}

	/** Runs the pending task scheduled with this delay (the first if several). */
	void run(Duration delay) {
		Task task;
		synchronized (this) {
			task = this.tasks.stream()
				.filter((candidate) -> !candidate.cancelled && !candidate.ran && candidate.delay.equals(delay))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No pending task after " + delay + " in " + pendingDelays()));
			task.ran = true;
		}
		task.runnable.run();
	}

	/** Runs every cancelled task, as a late cancel would let it. */
	void runCancelled() {
		List<Task> cancelled;
		synchronized (this) {
			cancelled = this.tasks.stream().filter((task) -> task.cancelled && !task.ran).toList();
			cancelled.forEach((task) -> task.ran = true);
		}
		cancelled.forEach((task) -> task.runnable.run());
	}

	private static final class Task {

		private final Runnable runnable;

		private final Duration delay;

		private volatile boolean cancelled;

		private volatile boolean ran;

		Task(Runnable runnable, Duration delay) {
			this.runnable = runnable;
			this.delay = delay;
		}

	}

}
