package dev.confiture.tracking;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.migration.MigrationVersion;
import java.time.Instant;
import java.util.List;
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
     * @param contractVersions the versions of the {@code phase=contract} migrations the build ships, or {@code null}
     * when unknown (then {@code schemaVersion} decides)
     */
    @JsonPropertyOrder({ "application", "instance_id", "build_version", "schema_version", "host", "contract_versions" })
    public record Identity(String application, @JsonProperty("instance_id") String instanceId,
            @JsonProperty("build_version") @Nullable String buildVersion,
            @JsonProperty("schema_version") @Nullable String schemaVersion, @Nullable String host,
            @JsonProperty("contract_versions") @Nullable List<String> contractVersions) {

        /**
         * Copies the list.
         */
        public Identity {
            contractVersions = (contractVersions == null) ? null : List.copyOf(contractVersions);
        }

        /**
         * An identity whose contract migrations are not known (its schema version decides).
         * @param application the application
         * @param instanceId the instance id
         * @param buildVersion the build version
         * @param schemaVersion the schema version
         * @param host the host
         */
        public Identity(String application, String instanceId, @Nullable String buildVersion,
                @Nullable String schemaVersion, @Nullable String host) {
            this(application, instanceId, buildVersion, schemaVersion, host, null);
        }

        /**
         * @return {@code application/instance-id}
         */
        public String slug() {
            return application + "/" + instanceId;
        }
    }

    /**
     * Whether this instance's build ships a migration, so its code knows what that migration changes: the build's
     * list of contract migrations says so when known, else its schema version must be at least as new. An instance
     * without either ships nothing.
     * @param version the migration's version
     * @return whether the build ships it
     */
    public boolean ships(MigrationVersion version) {
        List<String> contracts = identity.contractVersions();
        if (contracts != null) {
            return contracts.stream().anyMatch(contract -> sameVersion(contract, version));
        }
        String schemaVersion = identity.schemaVersion();
        if (schemaVersion == null) {
            return false;
        }
        try {
            return MigrationVersion.parse(schemaVersion.trim()).compareTo(version) >= 0;
        }
        catch (IllegalArgumentException ex) {
            return false; // not a version: nothing says it knows the migration
        }
    }

    private static boolean sameVersion(String text, MigrationVersion version) {
        try {
            return MigrationVersion.parse(text.trim()).equals(version);
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
