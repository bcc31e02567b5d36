package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.engine.Evaluation.HeldChange;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.github.healthgrpc.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.engine.TestContributors.indicator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damping over a flapping indicator, with a clock the test moves: a blip shorter than
 * {@code down-after} is never shown; a longer one is, no earlier than {@code down-after};
 * the same on the way back with {@code up-after}; a name's own settings win; availability
 * changes, terminal state and names set by application code are never held back.
 */
class DampingTests {

	private static final Duration REFRESH = Duration.ofSeconds(5);

	private final MutableClock clock = new MutableClock();

	private final TestIndicator db = TestIndicator.up();

	private final TestIndicator readiness = TestIndicator.up();

	private final TestContributors contributors = new TestContributors(indicator("db", this.db),
			indicator("readinessState", this.readiness));

	/** Every status Check answered for "" after each cycle, as a watcher sees changes. */
	private final List<ServingStatus> shown = new CopyOnWriteArrayList<>();

	private HealthEngine engine = engine(new DampingSettings(Duration.ofSeconds(15), Duration.ofSeconds(10)),
			Map.of("acme.Quick", DampingSettings.NONE));

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void aBlipShorterThanDownAfterIsNeverShown() {
		cycle();
		this.db.setStatus(StatusCodes.DOWN);
		cycle();
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.SERVING);
		this.db.setStatus(StatusCodes.UP);
		cycle();
		assertThat(this.shown).containsOnly(ServingStatus.SERVING);
		// One change each of "", db and acme.Slow (acme.Quick has no damping).
		assertThat(this.engine.dampingAbsorbedCount()).isEqualTo(3);
		assertThat(status("acme.Quick")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void aLongerOneIsShownNoEarlierThanDownAfter() {
		cycle();
		this.db.setStatus(StatusCodes.DOWN);
		// Held since this cycle: shown once 15 s have passed, at the fourth cycle from
		// it.
		cycle();
		cycle();
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.SERVING);
		assertThat(held("")).isEqualTo(new HeldChange(ServingStatus.NOT_SERVING, StatusCodes.DOWN,
				this.clock.instant().minus(REFRESH.multipliedBy(3))));
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(held("")).isNull();
		assertThat(this.shown).containsExactly(ServingStatus.SERVING, ServingStatus.SERVING, ServingStatus.SERVING,
				ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		assertThat(this.engine.dampingAbsorbedCount()).isZero();
	}

	@Test
	void theWayBackToServingWaitsForUpAfter() {
		this.db.setStatus(StatusCodes.DOWN);
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
		this.db.setStatus(StatusCodes.UP);
		cycle();
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void aChangeBetweenStatusesOtherThanServingIsNotHeldBack() {
		this.db.setStatus(StatusCodes.DOWN);
		cycle();
		this.db.setStatus(StatusCodes.UNKNOWN);
		cycle();
		assertThat(this.engine.lastEvaluation().names().get("db").servingStatus()).isEqualTo(ServingStatus.UNKNOWN);
	}

	@Test
	void aNamesOwnSettingsWin() {
		cycle();
		this.db.setStatus(StatusCodes.DOWN);
		cycle();
		assertThat(status("acme.Quick")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(status("acme.Slow")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void anAvailabilityChangeIsShownAtOnceAlsoInTheNamesThatIncludeIt() {
		cycle();
		this.readiness.setStatus(StatusCodes.OUT_OF_SERVICE);
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(status("readinessState")).isEqualTo(ServingStatus.NOT_SERVING);
		this.readiness.setStatus(StatusCodes.UP);
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void terminalStateAndNamesSetByTheApplicationAreNotHeldBack() {
		cycle();
		this.engine.servingStatusManager().setServingStatus("batch", ServingStatus.SERVING);
		this.engine.servingStatusManager().setServingStatus("batch", ServingStatus.NOT_SERVING);
		assertThat(status("batch")).isEqualTo(ServingStatus.NOT_SERVING);
		this.engine.enterTerminalState();
		assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void withoutDampingEveryChangeIsShownAtOnce() {
		this.engine.close();
		this.engine = engine(DampingSettings.NONE, Map.of());
		cycle();
		this.db.setStatus(StatusCodes.DOWN);
		cycle();
		assertThat(status("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.shown).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
	}

	private HealthEngine engine(DampingSettings defaults, Map<String, DampingSettings> byName) {
		return HealthEngine.builder(this.contributors)
			.services(List.of(mapping("acme.Quick"), mapping("acme.Slow")))
			.damping(defaults, byName, Set.of("readinessState"))
			.clock(this.clock)
			.build();
	}

	private static ServiceMapping mapping(String name) {
		return new ServiceMapping(name, "grpc.health.services[" + name + "]", Set.of("db"), Set.of(), null);
	}

	/** One refresh, then the clock moves to the next. */
	private void cycle() {
		this.engine.refreshNow();
		this.shown.add(status(""));
		this.clock.advance(REFRESH);
	}

	private ServingStatus status(String name) {
		return this.engine.statusTable().get(name);
	}

	private HeldChange held(String name) {
		return this.engine.lastEvaluation().names().get(name).held();
	}

}
