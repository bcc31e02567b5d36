package io.github.healthgrpc.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Takes the sample's database down, or makes it slow, at run time through
 * {@link AdminController}, as a real database fails: the embedded H2 keeps running, but
 * every new connection from the application's DataSource is refused, or waits first.
 * Actuator's own {@code db} indicator (and the Greeter's queries) then fail or slow down
 * the way they would against a database server that is gone or overloaded; health-grpc
 * sees it at its next refresh.
 * <p>
 * The DataSource that Spring Boot auto-configures stays what it is (no
 * {@code spring.datasource.*}); this post-processor only wraps it in a
 * {@link DelegatingDataSource}, which Spring Boot unwraps where it needs the pool itself.
 */
@Component
public class Database implements BeanPostProcessor {

	private volatile State state = State.UP;

	/**
	 * Refuses every new connection.
	 * @param reason the exception's message, as the health details will show it
	 */
	public void breakDown(String reason) {
		this.state = new State(reason, Duration.ZERO);
	}

	/**
	 * Makes every new connection wait first. Actuator's {@code db} indicator opens two
	 * connections per check, so a check takes twice the delay: beyond
	 * {@code grpc.health.indicator-timeout} (2 s by default) it times out, as against a
	 * database that hangs.
	 * @param delay how long each connection waits
	 */
	public void slowDown(Duration delay) {
		this.state = new State(null, delay);
	}

	/** Makes the database answer at once again. */
	public void heal() {
		this.state = State.UP;
	}

	/** What the database does now. */
	public Map<String, Object> describe() {
		State current = this.state;
		if (current.failure() != null) {
			return Map.of("down", true, "reason", current.failure());
		}
		return Map.of("down", false, "delayMillis", current.delay().toMillis());
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !(bean instanceof SwitchedDataSource)) {
			return new SwitchedDataSource(dataSource, this);
		}
		return bean;
	}

	private void connecting() throws SQLException {
		State current = this.state;
		if (current.failure() != null) {
			throw new SQLException(current.failure(), "08001");
		}
		if (!current.delay().isZero()) {
			try {
				Thread.sleep(current.delay().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLException("interrupted while the database was slow", "08001", ex);
			}
		}
	}

	private record State(String failure, Duration delay) {

		static final State UP = new State(null, Duration.ZERO);

	}

	/** The application's DataSource, through the switch above. */
	static final class SwitchedDataSource extends DelegatingDataSource {

		private final Database database;

		SwitchedDataSource(DataSource target, Database database) {
			super(target);
			this.database = database;
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.database.connecting();
			return super.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			this.database.connecting();
			return super.getConnection(username, password);
		}

	}

}
