package io.github.healthgrpc.internal.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.github.healthgrpc.ServingStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Who watches which name, and the fan-out of each change to them: the registry behind
 * Watch. A {@link HealthStatusTable} makes one on the first subscription, so that a
 * server nobody watches never loads it.
 * <p>
 * Locking: the registry has a lock of its own, {@link #lock()}. It becomes the writer of
 * the statuses it is given (the table's visible view): each change is written and told to
 * the name's subscribers in one step under that lock, and a subscription reads the
 * current status and joins the list in one step under it too; that is what makes a
 * subscriber's first status and the changes after it a gap-free, ordered sequence.
 * Consumers are called under the lock, so a consumer that also acts from elsewhere (a
 * {@link WatchStream} when its reader becomes ready) takes it for that. The order is the
 * table's lock, then this one, never the other way round: nothing here calls the table,
 * and what runs under this lock outside a table write (a subscriber's first status, a
 * stream's sends on readiness or completion, and whatever grpc runs inside them on the
 * same thread, such as a client on a direct executor) must not write to the table.
 */
public final class Subscriptions {

	private static final Log logger = LogFactory.getLog(Subscriptions.class);

	private final Object lock = new Object();

	// Read without the lock by every Check and List; written only here, under the lock.
	private final Map<String, ServingStatus> statuses;

	@GuardedBy("lock")
	private final Map<String, Watchers> byName = new HashMap<>();

	@GuardedBy("lock")
	private int onUnknownNames;

	// Numbers subscriptions in the order they are made, so that a change tells exactly
	// those that existed when it started.
	@GuardedBy("lock")
	private long serial;

	// Fan-outs under way on the thread that holds the lock (a consumer can make a change
	// of another name).
	@GuardedBy("lock")
	private int walks;

	/**
	 * @param statuses the statuses to tell of: a concurrent map that, from now on, only
	 * {@link #publish} writes
	 */
	Subscriptions(Map<String, ServingStatus> statuses) {
		this.statuses = statuses;
	}

	/** The lock under which statuses change and consumers are called. */
	Object lock() {
		return this.lock;
	}

	/**
	 * Subscribes to the status of one name. The consumer is called at once with the
	 * current status, then on every change, with {@code null} while the name is unknown.
	 * Calls are made under {@link #lock()}, in order, so the consumer must be quick.
	 * @param name the name to watch
	 * @param consumer receives each status
	 * @param maxOnUnknownNames the most subscriptions on names unknown at the time that
	 * may exist at once
	 * @return the subscription, to {@link Subscription#cancel() cancel}
	 * @throws WatchLimitExceededException if the name is unknown and the cap is reached
	 */
	Subscription subscribe(String name, Consumer<@Nullable ServingStatus> consumer, int maxOnUnknownNames) {
		synchronized (this.lock) {
			@Nullable ServingStatus current = this.statuses.get(name);
			if (current == null) {
				if (this.onUnknownNames >= maxOnUnknownNames) {
					throw new WatchLimitExceededException(maxOnUnknownNames);
				}
				this.onUnknownNames++;
			}
			Watchers watching = this.byName.get(name);
			if (watching == null) {
				watching = new Watchers(name);
				this.byName.put(name, watching);
			}
			Subscription added = new Subscription(watching, this.serial++, consumer);
			Subscription tail = watching.last;
			if (tail == null) {
				watching.first = added;
			}
			else {
				tail.next = added;
				added.previous = tail;
			}
			watching.last = added;
			watching.size++;
			consumer.accept(current);
			return added;
		}
	}

	/**
	 * Writes the status of a name and, if it changed, tells the name's subscribers.
	 * @param name the name
	 * @param status its status, {@code null} to remove it
	 * @return the status before
	 */
	@Nullable ServingStatus publish(String name, @Nullable ServingStatus status) {
		synchronized (this.lock) {
			@Nullable ServingStatus previous = (status != null) ? this.statuses.put(name, status) : this.statuses.remove(name);
			if (previous != status) {
				Watchers watching = this.byName.get(name);
				if (watching != null) {
					tell(watching, previous, status);
				}
			}
			return previous;
		}
	}

	@GuardedBy("lock")
	private void tell(Watchers watching, @Nullable ServingStatus previous, @Nullable ServingStatus status) {
		if (previous == null) {
			this.onUnknownNames -= watching.size;
		}
		else if (status == null) {
			this.onUnknownNames += watching.size;
		}
		// A consumer can cancel subscriptions while it is called: the lock is reentrant,
		// and with a direct executor grpc runs a client's cancellation inside the send.
		// Unlinking keeps a removed entry's forward link, so the walk goes on from it;
		// entries made during the walk (numbered after it started) were given the new
		// status when they subscribed.
		long newest = this.serial;
		this.walks++;
		try {
			for (Subscription subscriber = watching.first; subscriber != null
					&& subscriber.serial < newest; subscriber = subscriber.next) {
				if (subscriber.owner != null) {
					try {
						subscriber.consumer.accept(status);
					}
					catch (RuntimeException ex) {
						// One failing watcher must not keep the others from hearing of
						// the change.
						logger.warn("A gRPC health watcher failed on a change of '" + watching.name + "'", ex);
					}
				}
			}
		}
		finally {
			this.walks--;
		}
	}

	@GuardedBy("lock")
	private void unlink(Watchers watching, Subscription removed) {
		Subscription before = removed.previous;
		Subscription after = removed.next;
		if (before == null) {
			watching.first = after;
		}
		else {
			before.next = after;
		}
		if (after == null) {
			watching.last = before;
		}
		else {
			after.previous = before;
		}
		removed.previous = null;
		// A walk that stands on the removed entry goes on from its forward link; with
		// none under way, it is dropped, so that a cancelled subscription a caller keeps
		// holds no link into the list.
		if (this.walks == 0) {
			removed.next = null;
		}
		if (--watching.size == 0) {
			this.byName.remove(watching.name);
		}
		if (!this.statuses.containsKey(watching.name)) {
			this.onUnknownNames--;
		}
	}

	/** The number of live subscriptions, all names together. */
	int count() {
		synchronized (this.lock) {
			int count = 0;
			for (Watchers watching : this.byName.values()) {
				count += watching.size;
			}
			return count;
		}
	}

	/** The number of names that have at least one subscription. */
	int nameCount() {
		synchronized (this.lock) {
			return this.byName.size();
		}
	}

	/** The number of live subscriptions on names that are unknown now. */
	int onUnknownNames() {
		synchronized (this.lock) {
			return this.onUnknownNames;
		}
	}

	/**
	 * The subscribers of one name in the order they subscribed, as a list linked through
	 * the subscriptions themselves: subscribing and cancelling cost no allocation beyond
	 * the subscription, and a change walks the list in place.
	 */
	private static final class Watchers {

		private final String name;

		private @Nullable Subscription first;

		private @Nullable Subscription last;

		private int size;

		Watchers(String name) {
			this.name = name;
		}

	}

	/**
	 * A live subscription to one name, which is also its entry in the name's list;
	 * cancelling it forgets it at once.
	 */
	public final class Subscription {

		private final long serial;

		private final Consumer<@Nullable ServingStatus> consumer;

		// Null once cancelled.
		@GuardedBy("Subscriptions.this.lock")
		private @Nullable Watchers owner;

		@GuardedBy("Subscriptions.this.lock")
		private @Nullable Subscription previous;

		@GuardedBy("Subscriptions.this.lock")
		private @Nullable Subscription next;

		private Subscription(Watchers owner, long serial, Consumer<@Nullable ServingStatus> consumer) {
			this.owner = owner;
			this.serial = serial;
			this.consumer = consumer;
		}

		/**
		 * Stops the notifications and frees everything kept for this subscription.
		 * Idempotent.
		 */
		public void cancel() {
			synchronized (Subscriptions.this.lock) {
				Watchers watching = this.owner;
				if (watching != null) {
					this.owner = null;
					unlink(watching, this);
				}
			}
		}

	}

}
