package dev.confiture.schema.drift;

/**
 * Counts of a drift report's differences.
 *
 * @param missing objects expected but absent
 * @param extra objects present but not expected
 * @param changed attributes that differ
 */
public record DriftSummary(int missing, int extra, int changed) {
}
