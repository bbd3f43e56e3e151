package dev.confiture.safety;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one statement does to the tables it touches, read from its text.
 *
 * @param statement its number in its file
 * @param line the line it starts on
 * @param summary its first line, for people (never in JSON: the status document carries no SQL text)
 * @param relation the table (or view) it locks, as written, or {@code null} when none is known
 * @param lock the strongest lock it takes on that relation, or {@code null} when it takes none worth reporting
 * @param rewrite whether it rewrites the table (and its indexes)
 * @param scan whether it reads every row while holding the lock
 * @param findings the rules it breaks
 */
public record StatementAnalysis(int statement, int line, @com.fasterxml.jackson.annotation.JsonIgnore String summary, @Nullable String relation,
        @Nullable LockMode lock, boolean rewrite, boolean scan, List<Finding> findings) {

    /**
     * Copies the list.
     */
    public StatementAnalysis {
        findings = List.copyOf(findings);
    }

    /** @return whether the application's writes to the relation wait while it runs */
    @JsonProperty("blocks_writes")
    public boolean blocksWrites() {
        return lock != null && lock.blocksWrites();
    }

    /** @return whether the application's reads of the relation wait while it runs */
    @JsonProperty("blocks_reads")
    public boolean blocksReads() {
        return lock != null && lock.blocksReads();
    }
}
