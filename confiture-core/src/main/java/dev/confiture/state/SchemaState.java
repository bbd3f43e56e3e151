package dev.confiture.state;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Problem;
import dev.confiture.api.Setting;
import dev.confiture.migration.MigrationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every migration's state, ordered by version, with the errors and notes found on the way.
 *
 * @param entries one entry per version, ascending
 * @param problems errors (they make {@code validate} fail and {@code migrate} refuse) and notes
 * @param repeatables the repeatable migrations, by name
 * @param live the application instances with a live heartbeat
 * @param heldFrom the held {@code phase=contract} migration: nothing from this version on is applied while an
 * instance of an older build is live; {@code null} when nothing is held
 */
public record SchemaState(List<MigrationEntry> entries, List<Problem> problems, List<RepeatableEntry> repeatables,
        List<dev.confiture.tracking.LiveInstance> live, @Nullable MigrationVersion heldFrom) {

    private static final Logger logger = LoggerFactory.getLogger(SchemaState.class);

    /**
     * Copies the lists.
     */
    public SchemaState {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
        repeatables = List.copyOf(repeatables);
        live = List.copyOf(live);
    }

    /**
     * @return the repeatable migrations migrate would apply, by name
     */
    public List<dev.confiture.migration.RepeatableMigration> repeatablesToApply() {
        return repeatables.stream().filter(RepeatableEntry::toApply)
                .map(entry -> java.util.Objects.requireNonNull(entry.migration())).toList();
    }

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
     * The migrations migrate applies, in order: the unapplied ones up to {@code target} and before a held contract
     * migration; out-of-order ones only when allowed (skipped ones are logged).
     * @param target the newest version to apply, or {@code null} for all
     * @param outOfOrder whether pending migrations older than the newest applied one are applied
     * @return the migrations to apply
     * @throws ConfitureException UNKNOWN_VERSION when the target is not a known version
     */
    public List<MigrationEntry> toApply(@Nullable MigrationVersion target, boolean outOfOrder) {
        if (target != null && entries.stream().noneMatch(entry -> entry.version().equals(target))) {
            throw new ConfitureException(ErrorCode.UNKNOWN_VERSION, "The target version " + target.text()
                    + " is not a known migration", "Set " + Setting.TARGET.token() + " to one of: " + entries.stream()
                            .map(entry -> entry.version().text()).collect(Collectors.joining(", ")));
        }
        List<MigrationEntry> selected = new ArrayList<>();
        for (MigrationEntry entry : unapplied()) {
            if (heldFrom != null && entry.version().compareTo(heldFrom) >= 0) {
                break; // nothing after a held contract migration runs before it: versions apply in order
            }
            if (target != null && entry.version().compareTo(target) > 0) {
                continue;
            }
            if (entry.state() == MigrationState.OUT_OF_ORDER && !outOfOrder) {
                logger.warn("Skipping {}: it is older than the newest applied migration (enable out-of-order, ConfitureConfiguration.outOfOrder, "
                        + "to apply it)", entry.slug());
                continue;
            }
            selected.add(entry);
        }
        return selected;
    }

    /**
     * @return the migrations held behind a contract migration (it included), ascending
     */
    public List<MigrationEntry> held() {
        return (heldFrom == null) ? List.of() : unapplied().stream()
                .filter(entry -> entry.version().compareTo(heldFrom) >= 0).toList();
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
