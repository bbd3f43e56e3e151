package dev.confiture.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * A database that reported to the central log, in an environment.
 *
 * @param environment the environment
 * @param database {@code host:port/name}, or {@code null} for events of releases that did not send it
 * @param newestEvent the newest event the central log received about it
 */
@JsonPropertyOrder({ "environment", "database", "newest_event" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetDatabase(@Nullable String environment, @Nullable String database,
        @JsonProperty("newest_event") FleetEvent newestEvent) {
}
