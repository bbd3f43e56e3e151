package dev.confiture.schema.drift;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A migration written from the difference between the schema the migrations build and the schema the schema files
 * build: its up and down scripts, and the index changes as a second migration of their own (built and dropped
 * {@code CONCURRENTLY}, so it runs statement by statement).
 *
 * @param up the up script (with a header and the TODO lines)
 * @param down the down script, which takes the schema files' schema back to the migrations'
 * @param indexesUp the index migration's up script, or {@code null} when no index changes
 * @param indexesDown the index migration's down script, or {@code null} when no index changes
 * @param todos what the scripts do not express and has to be written by hand, one line each (also at the top of the
 * scripts, as comments)
 * @param statements how many statements the up scripts hold; 0 when the schemas already match
 */
public record GeneratedMigration(String up, String down, @Nullable String indexesUp, @Nullable String indexesDown,
        List<String> todos, int statements) {

    /**
     * Copies the list.
     */
    public GeneratedMigration {
        todos = List.copyOf(todos);
    }

    /**
     * @return whether there is nothing to write: the schemas match and nothing was left to do by hand
     */
    public boolean isEmpty() {
        return statements == 0 && todos.isEmpty();
    }
}
