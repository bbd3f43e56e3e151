package dev.confiture.tracking;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An application instance with a live heartbeat in the {@link InstanceTable}.
 *
 * @param id the row id of its registration
 * @param identity who it is
 * @param startedAt when it registered (database clock)
 * @param lastSeenAt its last heartbeat (database clock)
 */
public record LiveInstance(UUID id, Identity identity, Instant startedAt, Instant lastSeenAt) {

    /**
     * Who an instance is.
     *
     * @param application the application's name ({@code spring.application.name})
     * @param instanceId the instance's id, unique within the application (e.g. the pod name)
     * @param buildVersion the build's version (Boot's build info, or a property), or {@code null} when unknown
     * @param schemaVersion the newest migration version the build ships (the schema it was built against), or
     * {@code null} when it ships none; a contract migration newer than this is held while the instance is live
     * @param host the host it runs on, or {@code null}
     */
    @JsonPropertyOrder({ "application", "instance_id", "build_version", "schema_version", "host" })
    public record Identity(String application, @JsonProperty("instance_id") String instanceId,
            @JsonProperty("build_version") @Nullable String buildVersion,
            @JsonProperty("schema_version") @Nullable String schemaVersion, @Nullable String host) {

        /**
         * @return the row's key, {@code application/instance-id}
         */
        public String slug() {
            return application + "/" + instanceId;
        }
    }
}
