package dev.confiture.migration;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Metadata of a migration, from the {@code -- confiture: key=value} headers of its up file (see
 * {@link MetadataHeaders}) or from {@link Migration#metadata()}. {@code null} means "not given".
 *
 * @param risk {@code risk=low|medium|high}
 * @param durationEstimate {@code duration=5m}: how long the migration is expected to run
 * @param impact {@code impact=safe|breaking}
 * @param approvalRequired {@code approval=required}; {@code false} when absent or {@code not-required}
 * @param transactional {@code transactional=true|false}; {@code null} lets Confiture decide from the SQL
 * @param lockTimeout {@code lock-timeout=5s}; {@link Duration#ZERO} disables it, as in PostgreSQL
 * @param statementTimeout {@code statement-timeout=10m}; {@link Duration#ZERO} disables it
 * @param allow {@code allow=rule-id} (repeatable): the zero-downtime rules this file breaks on purpose
 * @param phase {@code phase=expand|contract}: a contract migration is held while older builds are live
 */
public record MigrationMetadata(@Nullable Risk risk, @Nullable Duration durationEstimate, @Nullable Impact impact,
        boolean approvalRequired, @Nullable Boolean transactional, @Nullable Duration lockTimeout,
        @Nullable Duration statementTimeout, java.util.Set<String> allow, @Nullable Phase phase) {

    /** No metadata: nothing given, no approval required. */
    public static final MigrationMetadata NONE = new MigrationMetadata(null, null, null, false, null, null, null);

    /**
     * Copies the set.
     */
    public MigrationMetadata {
        allow = java.util.Set.copyOf(allow);
    }

    /**
     * Metadata without a phase.
     * @param risk the risk
     * @param durationEstimate the duration estimate
     * @param impact the impact
     * @param approvalRequired whether an approval is required
     * @param transactional whether it runs in a transaction, or {@code null}
     * @param lockTimeout the lock timeout
     * @param statementTimeout the statement timeout
     * @param allow the zero-downtime rules the file breaks on purpose
     */
    public MigrationMetadata(@Nullable Risk risk, @Nullable Duration durationEstimate, @Nullable Impact impact,
            boolean approvalRequired, @Nullable Boolean transactional, @Nullable Duration lockTimeout,
            @Nullable Duration statementTimeout, java.util.Set<String> allow) {
        this(risk, durationEstimate, impact, approvalRequired, transactional, lockTimeout, statementTimeout, allow,
                null);
    }

    /**
     * Metadata that allows no rule.
     * @param risk the risk
     * @param durationEstimate the duration estimate
     * @param impact the impact
     * @param approvalRequired whether an approval is required
     * @param transactional whether it runs in a transaction, or {@code null}
     * @param lockTimeout the lock timeout
     * @param statementTimeout the statement timeout
     */
    public MigrationMetadata(@Nullable Risk risk, @Nullable Duration durationEstimate, @Nullable Impact impact,
            boolean approvalRequired, @Nullable Boolean transactional, @Nullable Duration lockTimeout,
            @Nullable Duration statementTimeout) {
        this(risk, durationEstimate, impact, approvalRequired, transactional, lockTimeout, statementTimeout,
                java.util.Set.of());
    }
}
