package dev.confiture.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.tracking.LiveInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A build of an application with live instances, in the status report.
 *
 * @param application the application's name
 * @param buildVersion the build's version, or {@code null} when unknown
 * @param schemaVersion the newest migration version the build ships, or {@code null}
 * @param instances its live instances
 */
@JsonPropertyOrder({ "application", "build_version", "schema_version", "instances" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LiveBuild(String application, @JsonProperty("build_version") @Nullable String buildVersion,
        @JsonProperty("schema_version") @Nullable String schemaVersion, List<Instance> instances) {

    /**
     * Copies the list.
     */
    public LiveBuild {
        instances = List.copyOf(instances);
    }

    /**
     * One live instance of the build.
     *
     * @param instanceId its id
     * @param host its host, or {@code null}
     * @param startedAt when it registered (ISO-8601, UTC, database clock)
     * @param lastSeenAt its last heartbeat (ISO-8601, UTC, database clock)
     */
    @JsonPropertyOrder({ "instance_id", "host", "started_at", "last_seen_at" })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Instance(@JsonProperty("instance_id") String instanceId, @Nullable String host,
            @JsonProperty("started_at") String startedAt, @JsonProperty("last_seen_at") String lastSeenAt) {
    }

    /**
     * Groups live instances by application, build and schema version, in the order given.
     */
    static List<LiveBuild> of(List<LiveInstance> live) {
        Map<List<@Nullable String>, List<LiveInstance>> builds = new LinkedHashMap<>();
        for (LiveInstance instance : live) {
            LiveInstance.Identity identity = instance.identity();
            List<@Nullable String> key = new ArrayList<>();
            key.add(identity.application());
            key.add(identity.buildVersion());
            key.add(identity.schemaVersion());
            builds.computeIfAbsent(key, ignored -> new ArrayList<>()).add(instance);
        }
        List<LiveBuild> result = new ArrayList<>();
        builds.forEach((key, instances) -> result.add(new LiveBuild(java.util.Objects.requireNonNull(key.get(0)),
                key.get(1), key.get(2), instances.stream().map(instance -> new Instance(instance.identity().instanceId(),
                        instance.identity().host(), instance.startedAt().toString(), instance.lastSeenAt().toString()))
                        .toList())));
        return result;
    }
}
