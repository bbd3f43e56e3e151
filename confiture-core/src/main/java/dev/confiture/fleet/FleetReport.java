package dev.confiture.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The fleet view (README, "Operating many databases"), {@code format_version} 1: every database that reported to the
 * central log with its newest event, and every migration's state in each of them.
 *
 * @param formatVersion the JSON format version, 1
 * @param eventTable the central event table, {@code schema.table}
 * @param generatedAt when the central database produced the report, by its clock
 * @param databases every (environment, database) that reported, by environment then database
 * @param migrations every migration seen, by version then slug
 * @param history for {@code --migration}, that migration's events everywhere in the order the central database
 * received them; else empty
 */
@JsonPropertyOrder({ "format_version", "event_table", "generated_at", "databases", "migrations", "history" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetReport(@JsonProperty("format_version") int formatVersion,
        @JsonProperty("event_table") String eventTable, @JsonProperty("generated_at") String generatedAt,
        List<FleetDatabase> databases, List<FleetMigration> migrations, List<FleetEvent> history) {

    /** The format version this class writes. */
    public static final int FORMAT_VERSION = 1;

    /**
     * Copies the lists.
     */
    public FleetReport {
        databases = List.copyOf(databases);
        migrations = List.copyOf(migrations);
        history = List.copyOf(history);
    }
}
