package dev.confiture.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.api.Problem;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The status of a database's migrations (README, "Status JSON"), {@code format_version} 1.
 *
 * @param formatVersion the JSON format version, 1
 * @param trackingTable the tracking table, {@code schema.table}
 * @param environment the configured environment
 * @param current the newest applied version, or {@code null}
 * @param total how many migrations the report lists
 * @param applied versions recorded as applied
 * @param pending versions not applied yet
 * @param summary the counts
 * @param migrations every migration, by version
 * @param pendingMigrations the entries of {@code migrations} that are pending
 * @param problems errors and notes
 * @param hints what to do next, for people
 * @param repeatables the repeatable migrations ({@code R__{name}.sql}), by name; those to apply count in
 * {@code summary.pending}
 * @param held versions held behind a {@code phase=contract} migration while an instance of an older build is live
 * (status {@code held}; not in {@code pending})
 * @param liveBuilds the application builds with live instances (heartbeats in the instance table)
 */
@JsonPropertyOrder({ "format_version", "tracking_table", "environment", "current", "total", "applied", "pending",
        "summary", "migrations", "pending_migrations", "problems", "hints", "repeatables", "held", "live_builds" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusReport(@JsonProperty("format_version") int formatVersion,
        @JsonProperty("tracking_table") String trackingTable, String environment, @Nullable String current, int total,
        List<String> applied, List<String> pending, StatusSummary summary, List<MigrationStatus> migrations,
        @JsonProperty("pending_migrations") List<MigrationStatus> pendingMigrations, List<Problem> problems,
        List<String> hints, List<RepeatableStatus> repeatables, List<String> held,
        @JsonProperty("live_builds") List<LiveBuild> liveBuilds) {

    /** The format version this class writes. */
    public static final int FORMAT_VERSION = 1;

    /**
     * Keeps unmodifiable copies of the lists: a report may be handed to many callers (see
     * {@link dev.confiture.Confiture#status()}).
     */
    public StatusReport {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        migrations = List.copyOf(migrations);
        pendingMigrations = List.copyOf(pendingMigrations);
        problems = List.copyOf(problems);
        hints = List.copyOf(hints);
        repeatables = List.copyOf(repeatables);
        held = List.copyOf(held);
        liveBuilds = List.copyOf(liveBuilds);
    }

    /**
     * @param version a version text (compared as written)
     * @return that migration, if the report lists it
     */
    public Optional<MigrationStatus> migration(String version) {
        return migrations.stream().filter(migration -> migration.version().equals(version)).findFirst();
    }
}
