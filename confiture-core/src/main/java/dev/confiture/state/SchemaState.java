package dev.confiture.state;

import dev.confiture.Problem;
import dev.confiture.migration.MigrationVersion;
import java.util.List;
import java.util.Optional;

/**
 * Every migration's state, ordered by version, with the errors and notes found on the way.
 *
 * @param entries one entry per version, ascending
 * @param problems errors (they make {@code validate} fail and {@code migrate} refuse) and notes
 */
public record SchemaState(List<MigrationEntry> entries, List<Problem> problems) {

    /**
     * @return the problems that block validate and migrate
     */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /**
     * @return the problems that are only reported
     */
    public List<Problem> notes() {
        return problems.stream().filter(problem -> !problem.isError()).toList();
    }

    /**
     * @return the migrations migrate would apply, ascending (pending, failed and out-of-order ones)
     */
    public List<MigrationEntry> unapplied() {
        return entries.stream().filter(entry -> !entry.state().isApplied() && entry.migration() != null).toList();
    }

    /**
     * @return the newest applied version, if any
     */
    public Optional<MigrationVersion> current() {
        return entries.stream().filter(entry -> entry.state().isApplied()).map(MigrationEntry::version)
                .reduce((first, second) -> second);
    }

    /**
     * @return whether no tracking row exists
     */
    public boolean nothingApplied() {
        return entries.stream().noneMatch(entry -> entry.state().isApplied());
    }
}
