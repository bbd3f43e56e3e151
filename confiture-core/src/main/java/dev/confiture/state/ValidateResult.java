package dev.confiture.state;

import dev.confiture.api.Problem;
import java.util.List;

/**
 * What validate found.
 *
 * @param errors problems that make the migrations invalid (migrate would refuse to run)
 * @param notes problems worth knowing that are not errors
 */
public record ValidateResult(List<Problem> errors, List<Problem> notes) {

    /**
     * @return whether no error was found
     */
    public boolean valid() {
        return errors.isEmpty();
    }
}
