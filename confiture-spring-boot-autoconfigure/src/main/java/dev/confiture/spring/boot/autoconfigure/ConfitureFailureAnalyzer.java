package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.api.ConfitureException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Confiture failure that ends the start (a failed migration, a checksum mismatch, a lock wait that ran out,
 * a missing approval, ...) into Boot's "APPLICATION FAILED TO START" report, wherever it is in the cause chain (it
 * is usually buried under the {@code entityManagerFactory} or {@code jdbcTemplate} bean that waited for the
 * migration): the description names the error code, what failed, the file, line and SQLSTATE; the action is the
 * error's hint, in the application's words ({@code confiture.*} properties).
 */
final class ConfitureFailureAnalyzer extends AbstractFailureAnalyzer<ConfitureException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfitureException cause) {
        StringBuilder description = new StringBuilder("Confiture could not migrate the database (").append(cause.code())
                .append("): ").append(cause.problem());
        if (cause.location() != null) {
            description.append(System.lineSeparator()).append(System.lineSeparator()).append("    at ")
                    .append(cause.location());
        }
        String hint = cause.hint();
        String action = ((hint != null) ? hint : "See the error code " + cause.code() + " in Confiture's README")
                + (hint != null && hint.endsWith(".") ? "" : ".");
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
