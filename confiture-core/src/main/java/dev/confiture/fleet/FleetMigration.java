package dev.confiture.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One migration across the fleet: its state in every database that reported to the central log.
 *
 * @param migrationId its stable id (the same in every environment)
 * @param slug {@code {version}_{name}}
 * @param version its version, or {@code null}
 * @param states one per database that reported, in the order of {@link FleetReport#databases()}
 */
@JsonPropertyOrder({ "migration_id", "slug", "version", "states" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetMigration(@JsonProperty("migration_id") UUID migrationId, @Nullable String slug,
        @Nullable String version, List<FleetState> states) {

    /**
     * Copies the list.
     */
    public FleetMigration {
        states = List.copyOf(states);
    }
}
