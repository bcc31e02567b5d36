package io.github.healthgrpc.internal.model;

import java.util.List;

/**
 * The health contributors as they are now. Asked once per evaluation cycle, so that
 * contributors registered or removed at run time are followed.
 */
@FunctionalInterface
public interface ContributorSource {

	/**
	 * Returns the top-level contributors.
	 * @return the contributors, in order
	 */
	List<Contributor> contributors();

}
