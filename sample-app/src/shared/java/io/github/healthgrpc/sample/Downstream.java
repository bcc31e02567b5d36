package io.github.healthgrpc.sample;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * Stands in for a remote dependency of the Greeter (a pricing or translation service,
 * say). It can be broken and healed at run time through {@link AdminController}, so that
 * health changes can be watched live.
 */
@Component
public class Downstream {

	private final AtomicReference<String> failure = new AtomicReference<>();

	/**
	 * Makes the dependency fail.
	 * @param reason why, as the health details will show it
	 */
	public void breakDown(String reason) {
		this.failure.set(reason);
	}

	/** Makes the dependency work again. */
	public void heal() {
		this.failure.set(null);
	}

	/** Why the dependency fails, or {@code null} when it works. */
	public String failure() {
		return this.failure.get();
	}

}
