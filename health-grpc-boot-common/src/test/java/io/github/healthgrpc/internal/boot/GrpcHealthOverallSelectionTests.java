package io.github.healthgrpc.internal.boot;

import java.util.Set;

import io.github.healthgrpc.internal.engine.ServiceMapping;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watched upstreams stay out of "" unless grpc.health.overall.include names them.
 */
class GrpcHealthOverallSelectionTests {

	private final GrpcHealthProperties.Overall overall = new GrpcHealthProperties.Overall();

	@Test
	void withoutWatchedUpstreamsTheSelectionIsAsConfigured() {
		this.overall.setExclude(Set.of("diskSpace"));
		ServiceMapping selection = GrpcHealthEngineConfiguration.overall(this.overall, false);
		assertThat(selection.name()).isEmpty();
		assertThat(selection.property()).isEqualTo("grpc.health.overall");
		assertThat(selection.include()).containsExactly("*");
		assertThat(selection.exclude()).containsExactly("diskSpace");
	}

	@Test
	void watchedUpstreamsAreExcludedByDefault() {
		this.overall.setExclude(Set.of("diskSpace"));
		assertThat(GrpcHealthEngineConfiguration.overall(this.overall, true).exclude())
			.containsExactlyInAnyOrder("diskSpace", "grpcClients");
	}

	@Test
	void namingThemInTheIncludeTakesThemIn() {
		this.overall.setInclude(Set.of("*", "grpcClients"));
		assertThat(GrpcHealthEngineConfiguration.overall(this.overall, true).exclude()).isEmpty();
	}

	@Test
	void namingOneOfThemTakesItIn() {
		this.overall.setInclude(Set.of("db", "grpcClients/inventory"));
		assertThat(GrpcHealthEngineConfiguration.overall(this.overall, true).exclude()).isEmpty();
	}

	@Test
	void aContributorWhoseNameOnlyStartsLikeThemDoesNot() {
		this.overall.setInclude(Set.of("*", "grpcClientsExtra"));
		assertThat(GrpcHealthEngineConfiguration.overall(this.overall, true).exclude()).containsExactly("grpcClients");
	}

}
