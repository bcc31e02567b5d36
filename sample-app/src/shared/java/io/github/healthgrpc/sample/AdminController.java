package io.github.healthgrpc.sample;

import java.time.Duration;
import java.util.Map;

import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.ServingStatus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Break and heal the downstream dependency at run time: <pre>
 * curl -X POST localhost:8080/admin/downstream/break
 * curl -X POST localhost:8080/admin/downstream/heal
 * </pre> Only the indicator changes here; health-grpc sees it at its next refresh
 * ({@code grpc.health.refresh-interval}), as it would see a real dependency fail.
 * <p>
 * The same for the database (Actuator's own {@code db} indicator, see {@link Database}):
 * <pre>
 * curl -X POST localhost:8080/admin/database/break             # connections refused
 * curl -X POST 'localhost:8080/admin/database/slow?millis=3000' # each connection waits 3 s
 * curl -X POST localhost:8080/admin/database/heal
 * </pre>
 */
@RestController
@RequestMapping("/admin")
public class AdminController {

	private final Downstream downstream;

	private final Database database;

	// A provider: the sample also starts with grpc.health.enabled=false, and then there
	// is none.
	private final ObjectProvider<ServingStatusManager> servingStatusManager;

	public AdminController(Downstream downstream, Database database,
			ObjectProvider<ServingStatusManager> servingStatusManager) {
		this.downstream = downstream;
		this.database = database;
		this.servingStatusManager = servingStatusManager;
	}

	@PostMapping("/downstream/break")
	public Map<String, Object> breakDownstream(
			@RequestParam(defaultValue = "broken through /admin/downstream/break") String reason) {
		this.downstream.breakDown(reason);
		return downstream();
	}

	@PostMapping("/downstream/heal")
	public Map<String, Object> healDownstream() {
		this.downstream.heal();
		return downstream();
	}

	@GetMapping("/downstream")
	public Map<String, Object> downstream() {
		String failure = this.downstream.failure();
		return (failure != null) ? Map.of("broken", true, "reason", failure) : Map.of("broken", false);
	}

	@PostMapping("/database/break")
	public Map<String, Object> breakDatabase(
			@RequestParam(defaultValue = "database down (broken through /admin/database/break)") String reason) {
		this.database.breakDown(reason);
		return database();
	}

	@PostMapping("/database/slow")
	public Map<String, Object> slowDatabase(@RequestParam(defaultValue = "3000") long millis) {
		this.database.slowDown(Duration.ofMillis(Math.max(0, millis)));
		return database();
	}

	@PostMapping("/database/heal")
	public Map<String, Object> healDatabase() {
		this.database.heal();
		return database();
	}

	@GetMapping("/database")
	public Map<String, Object> database() {
		return this.database.describe();
	}

	/**
	 * What the gRPC health service answers right now, name by name, read through
	 * ServingStatusManager.
	 */
	@GetMapping("/grpc-health")
	public Map<String, ServingStatus> grpcHealth() {
		return this.servingStatusManager.getObject().getServingStatuses();
	}

}
