package dev.confiture.schema.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The differences between a live database and the schema it should have, {@code format_version} 1.
 * {@link #hasDrift()} is the status signal: {@code true} when anything differs.
 *
 * @param formatVersion the JSON format version, 1
 * @param source what the database was compared with
 * @param expectedVersion for {@link DriftSource#MIGRATIONS}, the newest migration replayed (the live
 * database's current version), or {@code null}
 * @param database the live database's name
 * @param summary the counts
 * @param differences the differences, by object type, then name, then attribute
 * @param ms how long the comparison took, in milliseconds
 */
@JsonPropertyOrder({ "format_version", "source", "expected_version", "database", "has_drift", "summary", "differences",
        "duration_ms" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DriftReport(@JsonProperty("format_version") int formatVersion, DriftSource source,
        @JsonProperty("expected_version") @Nullable String expectedVersion, String database, DriftSummary summary,
        List<Difference> differences, @JsonProperty("duration_ms") long ms) {

    /** The format version this class writes. */
    public static final int FORMAT_VERSION = 1;

    /**
     * @param formatVersion the format version
     * @param source the source
     * @param expectedVersion the replayed version, or {@code null}
     * @param database the database
     * @param summary the counts
     * @param differences the differences (copied)
     * @param ms the duration
     */
    public DriftReport {
        differences = List.copyOf(differences);
    }

    /** @return whether the live database differs from the expected schema */
    @JsonProperty("has_drift")
    public boolean hasDrift() {
        return !differences.isEmpty();
    }

    /**
     * Throws when there is drift: for deploy pipelines that must stop.
     * @return this report, when there is none
     * @throws ConfitureException {@link ErrorCode#DRIFT_DETECTED} listing every difference
     */
    public DriftReport requireNoDrift() {
        if (hasDrift()) {
            throw new ConfitureException(ErrorCode.DRIFT_DETECTED, "Database " + database + " differs from the schema the "
                    + source.value().replace('_', ' ') + " build in " + differences.size() + " place(s):" + differences.stream()
                            .map(Difference::toString).collect(Collectors.joining("\n  - ", "\n  - ", "")),
                    "Bring the change into a migration (and the schema files), or revert the change made by hand");
        }
        return this;
    }
}
