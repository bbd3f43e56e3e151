package dev.confiture.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Counts of the status report.
 *
 * @param applied migrations recorded as applied (checksum mismatches and missing files included)
 * @param pending known migrations not applied yet (failed and out-of-order ones included), and repeatable migrations
 * to apply (never applied, or changed since)
 * @param failed migrations whose last attempt failed or was interrupted
 * @param total all migrations in the report
 * @param upToDate whether nothing is pending and no problem is an error (a bad file, a checksum mismatch, ...); held
 * migrations do not count: the schema is as far as it may go while older builds are live
 * @param held migrations held behind a {@code phase=contract} migration while an instance of an older build is live,
 * and the repeatable migrations to apply, which wait for them (not in {@code pending})
 */
@JsonPropertyOrder({ "applied", "pending", "failed", "total", "up_to_date", "held" })
public record StatusSummary(int applied, int pending, int failed, int total,
        @JsonProperty("up_to_date") boolean upToDate, int held) {
}
