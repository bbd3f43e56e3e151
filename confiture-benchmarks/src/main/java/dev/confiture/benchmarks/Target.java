package dev.confiture.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A performance target: a measured value that must not exceed a limit.
 *
 * @param caseId the case
 * @param description e.g. {@code P2 median <= 0.8x Flyway}
 * @param actual the measured ratio or value
 * @param limit the largest value that meets the target
 * @param unit {@code x} for ratios, {@code ms} for times
 */
record Target(BenchmarkCase caseId, String description, double actual, double limit, String unit) {

    boolean met() {
        return actual <= limit;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("case", caseId.name());
        json.put("target", description);
        // NaN: not measured (a contender could not run, e.g. no psql for P12's limit)
        json.put("actual", Double.isNaN(actual) ? null : Math.round(actual * 1000) / 1000.0);
        json.put("limit", limit);
        json.put("unit", unit);
        json.put("met", met());
        return json;
    }
}
