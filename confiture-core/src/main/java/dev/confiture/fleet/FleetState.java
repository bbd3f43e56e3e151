package dev.confiture.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A migration's state in one database of one environment, from the events the central log received.
 *
 * @param environment the environment
 * @param database {@code host:port/name}, or {@code null}
 * @param state what its events say
 * @param at when the event that decided the state finished (or started), by the sending host's clock, or {@code null}
 * when never seen
 * @param host who sent that event (its host), or {@code null}
 * @param application who sent that event (its application), or {@code null}
 * @param receivedAt when the central database received that event, or {@code null}
 */
@JsonPropertyOrder({ "environment", "database", "state", "at", "host", "application", "received_at" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetState(@Nullable String environment, @Nullable String database, State state, @Nullable String at,
        @Nullable String host, @Nullable String application, @JsonProperty("received_at") @Nullable String receivedAt) {

    /** A migration's state in one database. */
    public enum State {

        /** Applied (or baselined), and not reverted since. */
        APPLIED,

        /** Its last attempt failed. */
        FAILED,

        /** Its last attempt started and never ended (running now, or interrupted). */
        STARTED,

        /** Still applied, but a revert is owed. */
        ROLLBACK_PENDING,

        /** Applied once, reverted since. */
        REVERTED,

        /** A failed attempt was cleared by repair: not applied. */
        NOT_APPLIED,

        /** The database reported other events, never one about this migration. */
        NEVER_SEEN;

        /**
         * @return the JSON value, e.g. {@code rollback_pending}
         */
        @com.fasterxml.jackson.annotation.JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
