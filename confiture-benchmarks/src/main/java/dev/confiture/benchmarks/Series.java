package dev.confiture.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measured durations of one contender in one case, in milliseconds.
 *
 * @param samples the durations, in the order measured
 */
record Series(List<Double> samples) {

    Series {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one sample");
        }
        samples = List.copyOf(samples);
    }

    static Series ofNanos(List<Long> nanos) {
        return new Series(nanos.stream().map(value -> value / 1_000_000.0).toList());
    }

    double median() {
        return percentile(50);
    }

    double min() {
        return sorted().get(0);
    }

    double max() {
        List<Double> sorted = sorted();
        return sorted.get(sorted.size() - 1);
    }

    /**
     * Nearest-rank percentile.
     * @param percent 0 to 100; 50 of an even count is the mean of the two middle values
     */
    double percentile(double percent) {
        List<Double> sorted = sorted();
        int n = sorted.size();
        if (percent == 50 && n % 2 == 0) {
            return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
        int rank = (int) Math.ceil(percent / 100.0 * n);
        return sorted.get(Math.max(0, Math.min(n - 1, rank - 1)));
    }

    Map<String, Object> toJson(boolean withPercentiles) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("median_ms", round(median()));
        json.put("min_ms", round(min()));
        json.put("max_ms", round(max()));
        if (withPercentiles) {
            json.put("p50_ms", round(percentile(50)));
            json.put("p90_ms", round(percentile(90)));
            json.put("p99_ms", round(percentile(99)));
            json.put("count", samples.size());
        }
        else {
            json.put("samples_ms", samples.stream().map(Series::round).toList());
        }
        return json;
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
