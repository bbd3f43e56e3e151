package dev.confiture.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements of one case.
 *
 * @param id the case
 * @param description what was measured
 * @param series the measurements by contender ({@code confiture}, {@code flyway}, {@code limit}, ...)
 * @param ratios median ratios, e.g. {@code confiture/flyway}
 * @param targets the targets of this case
 * @param details anything else worth keeping (sizes, counts)
 */
record CaseResult(BenchmarkCase id, String description, Map<String, Series> series, Map<String, Double> ratios,
        List<Target> targets, Map<String, Object> details) {

    CaseResult {
        series = Map.copyOf(series);
        ratios = Map.copyOf(ratios);
        targets = List.copyOf(targets);
        details = Map.copyOf(details);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("case", id.name());
        json.put("title", id.title());
        json.put("description", description);
        Map<String, Object> measured = new LinkedHashMap<>();
        series.keySet().stream().sorted().forEach(name -> measured.put(name, Required.get(series, name).toJson(id == BenchmarkCase.P4
                && name.equals("confiture"))));
        json.put("contenders", measured);
        Map<String, Object> ratioJson = new LinkedHashMap<>();
        ratios.keySet().stream().sorted().forEach(name -> ratioJson.put(name, Math.round(Required.get(ratios, name) * 1000) / 1000.0));
        json.put("median_ratios", ratioJson);
        json.put("targets", targets.stream().map(Target::toJson).toList());
        Map<String, Object> detailJson = new LinkedHashMap<>();
        details.keySet().stream().sorted().forEach(name -> detailJson.put(name, details.get(name)));
        json.put("details", detailJson);
        return json;
    }
}
