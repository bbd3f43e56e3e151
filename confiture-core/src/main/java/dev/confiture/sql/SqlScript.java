package dev.confiture.sql;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A migration script split into its statements.
 *
 * @param source where the script comes from, e.g. {@code classpath:db/migration/001_init.up.sql}
 * @param statements the statements in file order; empty for a script of only comments and blanks
 */
public record SqlScript(String source, List<SqlStatement> statements) {

    /**
     * Keeps an unmodifiable copy of the statements.
     *
     * @param source where the script comes from
     * @param statements the statements in file order
     */
    public SqlScript {
        Objects.requireNonNull(source, "source");
        statements = List.copyOf(statements);
    }

    /**
     * @return {@code true} when a statement cannot run inside a transaction block, so the script
     *         must run without one
     */
    public boolean requiresNonTransactional() {
        return nonTransactionalReason() != null;
    }

    /**
     * @return the reason of the first statement that cannot run inside a transaction block, or
     *         {@code null} when every statement can
     */
    public @Nullable String nonTransactionalReason() {
        for (SqlStatement statement : statements) {
            if (statement.nonTransactionalReason() != null) {
                return statement.nonTransactionalReason();
            }
        }
        return null;
    }
}
