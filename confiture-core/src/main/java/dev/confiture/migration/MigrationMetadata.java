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
 */
public record MigrationMetadata(@Nullable Risk risk, @Nullable Duration durationEstimate, @Nullable Impact impact,
        boolean approvalRequired, @Nullable Boolean transactional, @Nullable Duration lockTimeout,
        @Nullable Duration statementTimeout) {

    /** No metadata: nothing given, no approval required. */
    public static final MigrationMetadata NONE = new MigrationMetadata(null, null, null, false, null, null, null);
}
