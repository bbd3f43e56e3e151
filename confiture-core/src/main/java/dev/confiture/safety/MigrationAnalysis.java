package dev.confiture.safety;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one pending migration will lock, rewrite and scan, statement by statement, and the rules it breaks (those the
 * file allows left out).
 *
 * @param slug the migration
 * @param statements one analysis per statement, in file order
 * @param findings the findings of every statement, allowed ones left out
 * @param allowed the rule ids the file allows ({@code -- confiture: allow=...})
 */
@com.fasterxml.jackson.annotation.JsonPropertyOrder({ "slug", "statements", "findings", "allowed", "strongest_lock",
        "rewrites" })
public record MigrationAnalysis(String slug, List<StatementAnalysis> statements, List<Finding> findings,
        List<String> allowed) {

    /**
     * Copies the lists.
     */
    public MigrationAnalysis {
        statements = List.copyOf(statements);
        findings = List.copyOf(findings);
        allowed = List.copyOf(allowed);
    }

    /** @return the strongest lock any statement takes, or {@code null} */
    @JsonProperty("strongest_lock")
    public @Nullable LockMode strongestLock() {
        return statements.stream().map(StatementAnalysis::lock).filter(Objects::nonNull).max(Enum::compareTo).orElse(null);
    }

    /** @return whether a statement rewrites a table */
    @JsonProperty("rewrites")
    public boolean rewrites() {
        return statements.stream().anyMatch(StatementAnalysis::rewrite);
    }
}
