package io.github.healthgrpc.internal.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The service name to {@link ServingStatus} table that the health service answers from
 * and the rest of the application writes to.
 * <p>
 * Two views are kept: the <em>actual</em> statuses, as written, and the <em>visible</em>
 * ones, which Check, Watch and List see. They are the same until
 * {@link #enterTerminalState()}: from then on every name is visible as
 * {@code NOT_SERVING} and writes only update the actual view, which {@link #resume()}
 * makes visible again.
 * <p>
 * Every write, terminal transition and notification happens under the table's lock, so a
 * status written concurrently with entering terminal state is either overwritten by
 * {@code NOT_SERVING} or never shown: nothing is observed as {@code SERVING} after
 * terminal state was entered. Reads ({@link #get}, {@link #snapshot}) take no lock.
 * <p>
 * Watchers of single names are kept by {@link Subscriptions}, made on the first
 * {@link #subscribe}: from then on each visible change is written and told to them under
 * its lock as well, taken inside the table's (see there).
 */
public final class HealthStatusTable {

	/**
	 * Longer names are refused: a client must not make the server store unbounded
	 * strings.
	 */
	public static final int MAX_NAME_LENGTH = 1024;

	private static final Log logger = LogFactory.getLog(HealthStatusTable.class);

	private final Object lock = new Object();

	@GuardedBy("lock")
	private final Map<String, ServingStatus> actual = new HashMap<>();

	// Read without the lock by every Check and List, hence concurrent; written only under
	// the lock (and, once there are subscriptions, under theirs too, by them).
	private final Map<String, ServingStatus> visible = new ConcurrentHashMap<>();

	@GuardedBy("lock")
	private boolean terminal;

	// Names an operator took out of rotation: NOT_SERVING whatever is written, until they
	// leave maintenance.
	@GuardedBy("lock")
	private final Set<String> maintenance = new HashSet<>();

	// Made (under the lock) on the first subscription, so that nothing of Watch is loaded
	// before it.
	private volatile @Nullable Subscriptions subscriptions;

	// Copied on every add and remove, so that a change walks it without an iterator.
	@GuardedBy("lock")
	private ServingStatusListener[] listeners = new ServingStatusListener[0];

	/**
	 * Sets the status of a name, creating it if needed. In terminal state only the actual
	 * status is recorded (for {@link #resume()}); the visible one stays
	 * {@code NOT_SERVING}.
	 * @param name the service name, {@code ""} for the server as a whole
	 * @param status the new status
	 * @throws IllegalArgumentException if the name is longer than
	 * {@value #MAX_NAME_LENGTH} characters
	 */
	public void set(String name, ServingStatus status) {
		checkName(name);
		Objects.requireNonNull(status, "status must not be null");
		synchronized (this.lock) {
			this.actual.put(name, status);
			if (!this.terminal && !this.maintenance.contains(name)) {
				publish(name, status);
			}
		}
	}

	/**
	 * Removes a name: Check answers {@code NOT_FOUND} and watchers are sent
	 * {@code SERVICE_UNKNOWN}. In terminal state the name stays visible as
	 * {@code NOT_SERVING} until {@link #resume()}.
	 * @param name the service name
	 * @return whether the name was known
	 */
	public boolean clear(String name) {
		Objects.requireNonNull(name, "name must not be null");
		synchronized (this.lock) {
			boolean known = this.actual.remove(name) != null;
			if (!this.terminal && !this.maintenance.contains(name)) {
				publish(name, null);
			}
			return known;
		}
	}

	/**
	 * Returns the visible status of a name.
	 * @param name the service name
	 * @return the status, or {@code null} if the name is unknown
	 */
	public @Nullable ServingStatus get(String name) {
		return this.visible.get(name);
	}

	/**
	 * Returns the visible statuses, sorted by name. Not atomic: concurrent writes may or
	 * may not be in it, as for List.
	 */
	public Map<String, ServingStatus> snapshot() {
		return Collections.unmodifiableMap(new TreeMap<>(this.visible));
	}

	/** The number of visible names, without copying them. */
	public int size() {
		return this.visible.size();
	}

	/**
	 * Returns the statuses as written, ignoring terminal state.
	 */
	Map<String, ServingStatus> actualSnapshot() {
		synchronized (this.lock) {
			return Collections.unmodifiableMap(new TreeMap<>(this.actual));
		}
	}

	/**
	 * Turns every visible name {@code NOT_SERVING} and ignores later writes (they are
	 * recorded for {@link #resume()} only). Calling it again has no effect.
	 */
	public void enterTerminalState() {
		synchronized (this.lock) {
			if (this.terminal) {
				return;
			}
			this.terminal = true;
			for (String name : new ArrayList<>(this.visible.keySet())) {
				publish(name, ServingStatus.NOT_SERVING);
			}
		}
	}

	/**
	 * Leaves terminal state: the actual statuses become visible again, including names
	 * written or removed meanwhile. Calling it outside terminal state has no effect.
	 */
	public void resume() {
		synchronized (this.lock) {
			if (!this.terminal) {
				return;
			}
			this.terminal = false;
			Set<String> names = new LinkedHashSet<>(this.visible.keySet());
			names.addAll(this.actual.keySet());
			for (String name : names) {
				publish(name, shown(name));
			}
		}
	}

	/**
	 * Takes one name out of rotation: it is {@code NOT_SERVING} whatever is written,
	 * until {@link #exitMaintenance}. Terminal state goes on over it.
	 * @param name a visible name
	 * @return whether the name is visible (an unknown name is not put in maintenance)
	 */
	public boolean enterMaintenance(String name) {
		Objects.requireNonNull(name, "name must not be null");
		synchronized (this.lock) {
			if (!this.visible.containsKey(name)) {
				return false;
			}
			if (this.maintenance.add(name) && !this.terminal) {
				publish(name, ServingStatus.NOT_SERVING);
			}
			return true;
		}
	}

	/**
	 * Puts a name back into rotation: its actual status is visible again.
	 * @param name the name
	 * @return whether it was in maintenance
	 */
	public boolean exitMaintenance(String name) {
		Objects.requireNonNull(name, "name must not be null");
		synchronized (this.lock) {
			boolean was = this.maintenance.remove(name);
			if (was && !this.terminal) {
				publish(name, this.actual.get(name));
			}
			return was;
		}
	}

	/** The names in maintenance, sorted. */
	public Set<String> maintenanceNames() {
		synchronized (this.lock) {
			return Collections.unmodifiableSet(new TreeSet<>(this.maintenance));
		}
	}

	@GuardedBy("lock")
	private @Nullable ServingStatus shown(String name) {
		return this.maintenance.contains(name) ? ServingStatus.NOT_SERVING : this.actual.get(name);
	}

	/** Whether the table is in terminal state. */
	public boolean isTerminal() {
		synchronized (this.lock) {
			return this.terminal;
		}
	}

	/**
	 * Adds a listener for every change of a visible status.
	 * @param listener the listener, called under the table's lock
	 */
	public void addListener(ServingStatusListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		synchronized (this.lock) {
			ServingStatusListener[] added = Arrays.copyOf(this.listeners, this.listeners.length + 1);
			added[this.listeners.length] = listener;
			this.listeners = added;
		}
	}

	/**
	 * Adds a listener for every change of a visible status, and first tells it of the
	 * names already visible, as changes from unknown, under the same lock: a listener
	 * added while statuses are being written misses none and hears none twice.
	 * @param listener the listener, called under the table's lock
	 */
	public void addListenerToldOfCurrentStatuses(ServingStatusListener listener) {
		Objects.requireNonNull(listener, "listener must not be null");
		synchronized (this.lock) {
			addListener(listener);
			for (Map.Entry<String, ServingStatus> visibleStatus : new TreeMap<>(this.visible).entrySet()) {
				try {
					listener.statusChanged(visibleStatus.getKey(), null, visibleStatus.getValue());
				}
				catch (RuntimeException ex) {
					logFailure(visibleStatus.getKey(), ex);
				}
			}
		}
	}

	/**
	 * Removes a listener added before.
	 * @param listener the listener
	 */
	public void removeListener(ServingStatusListener listener) {
		synchronized (this.lock) {
			ServingStatusListener[] current = this.listeners;
			for (int i = 0; i < current.length; i++) {
				if (current[i].equals(listener)) {
					ServingStatusListener[] removed = new ServingStatusListener[current.length - 1];
					System.arraycopy(current, 0, removed, 0, i);
					System.arraycopy(current, i + 1, removed, i, removed.length - i);
					this.listeners = removed;
					return;
				}
			}
		}
	}

	/**
	 * Subscribes to the visible status of one name. The consumer is called at once with
	 * the current status, then on every change, with {@code null} while the name is
	 * unknown. Calls are made under the lock of the {@link #subscriptions()}, in order,
	 * so the consumer must be quick and must not call back into the table.
	 * @param name the name to watch
	 * @param consumer receives each status
	 * @param maxOnUnknownNames the most subscriptions on names unknown at the time that
	 * may exist at once
	 * @return the subscription, to {@link Subscriptions.Subscription#cancel() cancel}
	 * @throws WatchLimitExceededException if the name is unknown and the cap is reached
	 */
	public Subscriptions.Subscription subscribe(String name, Consumer<@Nullable ServingStatus> consumer,
			int maxOnUnknownNames) {
		checkName(name);
		Objects.requireNonNull(consumer, "consumer must not be null");
		return subscriptions().subscribe(name, consumer, maxOnUnknownNames);
	}

	/** The watchers of single names, made on the first call. */
	Subscriptions subscriptions() {
		Subscriptions existing = this.subscriptions;
		if (existing != null) {
			return existing;
		}
		synchronized (this.lock) {
			Subscriptions made = this.subscriptions;
			if (made == null) {
				made = new Subscriptions(this.visible);
				this.subscriptions = made;
			}
			return made;
		}
	}

	@GuardedBy("lock")
	private void publish(String name, @Nullable ServingStatus status) {
		Subscriptions watched = this.subscriptions;
		@Nullable ServingStatus previous;
		if (watched != null) {
			previous = watched.publish(name, status);
		}
		else {
			previous = (status != null) ? this.visible.put(name, status) : this.visible.remove(name);
		}
		if (previous == status) {
			return;
		}
		for (ServingStatusListener listener : this.listeners) {
			try {
				listener.statusChanged(name, previous, status);
			}
			catch (RuntimeException ex) {
				logFailure(name, ex);
			}
		}
	}

	// One failing listener must not stop the others from hearing of a change, nor leave a
	// terminal transition half done: it is logged and the walk goes on.
	private static void logFailure(String name, RuntimeException ex) {
		logger.warn("A gRPC health listener failed on a change of '" + name + "'", ex);
	}

	private static void checkName(String name) {
		Objects.requireNonNull(name, "name must not be null");
		if (name.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException(
					"Service name is " + name.length() + " characters long, the maximum is " + MAX_NAME_LENGTH);
		}
	}

	/** Human-readable, for logs and tests. */
	@Override
	public String toString() {
		return "HealthStatusTable" + new LinkedHashMap<>(snapshot());
	}

}
