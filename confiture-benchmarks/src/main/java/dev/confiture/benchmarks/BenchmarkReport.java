package dev.confiture.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results of one run: printed as a Markdown table (the README's "Performance" table) and written as JSON.
 *
 * @param options what was run
 * @param machine what it ran on
 * @param cases the results, in case order
 */
record BenchmarkReport(BenchmarkOptions options, Map<String, Object> machine, List<CaseResult> cases) {

    BenchmarkReport {
        machine = Map.copyOf(machine);
        cases = List.copyOf(cases);
    }

    List<Target> targets() {
        return cases.stream().flatMap(result -> result.targets().stream()).toList();
    }

    boolean allTargetsMet() {
        return targets().stream().allMatch(Target::met);
    }

    /**
     * @return the results as a Markdown table: case, Confiture, Flyway, limit, ratio, target, met?
     */
    String table() {
        StringBuilder table = new StringBuilder();
        table.append("| case | JVM | Confiture | Flyway | limit | ratio | target | met? |\n");
        table.append("|---|---|---|---|---|---|---|---|\n");
        for (CaseResult result : cases) {
            Map<String, Series> series = result.series();
            String confiture;
            String flyway = "—";
            String limit = "—";
            String ratio;
            switch (result.id()) {
                case P3 -> {
                    confiture = "build " + summary(Required.get(series, "confiture_build")) + "; replay "
                            + summary(Required.get(series, "confiture_replay"));
                    ratio = "build = " + ratio(Required.get(result.ratios(), "build/replay")) + " replay";
                }
                case P5 -> {
                    confiture = "parallelism 4: " + summary(Required.get(series, "parallelism_4")) + "; parallelism 1: "
                            + summary(Required.get(series, "parallelism_1"));
                    ratio = "parallelism 4 = " + ratio(Required.get(result.ratios(), "parallelism_4/parallelism_1"))
                            + " parallelism 1";
                }
                case P8 -> {
                    confiture = "process " + summary(Required.get(series, "confiture")) + "; migrate() "
                            + summary(Required.get(series, "confiture_migrate"));
                    flyway = "process " + summary(Required.get(series, "flyway")) + "; migrate() "
                            + summary(Required.get(series, "flyway_migrate"));
                    if (series.containsKey("floor")) {
                        limit = "floor: process " + summary(Required.get(series, "floor")) + "; migrate() "
                                + summary(Required.get(series, "floor_migrate"));
                    }
                    ratio = ratio(Required.get(result.ratios(), "confiture/flyway")) + " Flyway (process), "
                            + ratio(Required.get(result.ratios(), "confiture_migrate/flyway_migrate")) + " (migrate)"
                            + (result.ratios().containsKey("floor/flyway") ? "; floor "
                                    + ratio(Required.get(result.ratios(), "floor/flyway")) + " Flyway (process), "
                                    + ratio(Required.get(result.ratios(), "floor_migrate/flyway_migrate")) + " (migrate)"
                                    : "");
                }
                case P11 -> {
                    confiture = "ready " + summary(Required.get(series, "confiture")) + ", adds "
                            + ms((Double) Required.get(result.details(), "confiture_added_ready_paired_ms")) + "; process "
                            + summary(Required.get(series, "confiture_process"));
                    flyway = "ready " + summary(Required.get(series, "flyway")) + ", adds "
                            + ms((Double) Required.get(result.details(), "flyway_added_ready_paired_ms")) + "; process "
                            + summary(Required.get(series, "flyway_process"));
                    limit = "no tool: ready " + summary(Required.get(series, "none")) + "; process "
                            + summary(Required.get(series, "none_process")) + "; floor (no tool, one connection at "
                            + "start): adds " + ms((Double) Required.get(result.details(), "connection_added_ready_paired_ms"));
                    ratio = "added " + ratio(Required.get(result.ratios(), "confiture_added/flyway_added"))
                            + " Flyway's (ready), " + ratio(Required.get(result.ratios(),
                                    "confiture_added/flyway_added_process")) + " (process), "
                            + ratio(Required.get(result.ratios(), "confiture_added/flyway_added_cpu")) + " (CPU); beyond the "
                            + "floor " + ratio(Required.get(result.ratios(), "confiture_beyond_connection/flyway_beyond_connection"))
                            + " (ready)";
                }
                case P13 -> {
                    if (series.isEmpty()) {
                        confiture = "skipped: " + result.details().get("skipped");
                        ratio = "—";
                    }
                    else {
                        confiture = "build " + summary(Required.get(series, "build")) + "; replay "
                                + summary(Required.get(series, "replay"));
                        limit = "psql -1 -f " + summary(Required.get(series, "psql"));
                        ratio = "build = " + ratio(Required.get(result.ratios(), "build/psql")) + " psql, "
                                + ratio(Required.get(result.ratios(), "build/replay")) + " replay";
                    }
                }
                case P7 -> {
                    confiture = "parallelism 8: " + summary(Required.get(series, "parallelism_8")) + "; parallelism 1: "
                            + summary(Required.get(series, "parallelism_1"));
                    ratio = "parallelism 8 = " + ratio(Required.get(result.ratios(), "parallelism_8/parallelism_1"))
                            + " parallelism 1";
                }
                case P9 -> {
                    confiture = summary(Required.get(series, "confiture"));
                    flyway = summary(Required.get(series, "flyway"));
                    Series psql = series.get("psql");
                    Series floor = series.get("floor");
                    limit = ((psql != null) ? "psql -1: " + summary(psql) : "psql missing")
                            + ((floor != null) ? "; floor: " + summary(floor) : "");
                    ratio = ratio(Required.get(result.ratios(), "confiture/flyway")) + " Flyway"
                            + (result.ratios().containsKey("confiture/psql")
                                    ? ", " + ratio(Required.get(result.ratios(), "confiture/psql")) + " psql" : "")
                            + (result.ratios().containsKey("floor/psql") ? "; floor "
                                    + ratio(Required.get(result.ratios(), "floor/flyway")) + " Flyway, "
                                    + ratio(Required.get(result.ratios(), "floor/psql")) + " psql" : "");
                }
                case P10 -> {
                    List<String> confitureParts = new ArrayList<>();
                    List<String> flywayParts = new ArrayList<>();
                    List<String> growth = new ArrayList<>();
                    for (String figure : List.of("apply", "startup", "status_json", "actuator")) {
                        String label = figure.replace('_', ' ') + (figure.equals("actuator") ? " p99" : "");
                        confitureParts.add(label + " " + scaled(series, figure, "confiture"));
                        String flywayFigure = scaled(series, figure, "flyway");
                        if (!flywayFigure.isEmpty()) {
                            flywayParts.add(label + " " + flywayFigure);
                        }
                        result.ratios().keySet().stream().filter(key -> key.startsWith(figure + "_confiture_")).findFirst()
                                .ifPresent(key -> growth.add(label + " " + ratio(Required.get(result.ratios(), key))
                                        + result.ratios().entrySet().stream()
                                                .filter(entry -> entry.getKey().startsWith(figure + "_flyway_"))
                                                .map(entry -> " (Flyway " + ratio(entry.getValue()) + ")").findFirst()
                                                .orElse("")));
                    }
                    confiture = String.join("; ", confitureParts);
                    flyway = String.join("; ", flywayParts);
                    ratio = "growth: " + String.join(", ", growth);
                }
                case P12 -> {
                    Series applied = series.get("confiture");
                    confiture = (applied == null) ? "failed with " + LargeFileBenchmark.HEAP
                            : "process " + summary(applied) + "; migrate() " + summary(Required.get(series,
                                    "confiture_migrate")) + "; peak RSS " + String.format(Locale.ROOT, "%.0f MiB",
                                            ((Number) Required.get(result.details(), "confiture_peak_rss_mib"))
                                                    .doubleValue());
                    Series psql = series.get("limit");
                    limit = (psql == null) ? "unavailable" : "psql -1 " + summary(psql);
                    ratio = result.ratios().containsKey("confiture/limit")
                            ? ratio(Required.get(result.ratios(), "confiture/limit")) + " psql -1" : "—";
                }
                case P6 -> {
                    confiture = summary(Required.get(series, "confiture_plan"));
                    ratio = "—";
                }
                case P4 -> {
                    Series latency = Required.get(series, "confiture");
                    confiture = "p50 " + ms(latency.percentile(50)) + ", p99 " + ms(latency.percentile(99)) + ", max "
                            + ms(latency.max()) + " (" + String.format(Locale.ROOT, "%,d", (Integer) result.details()
                                    .get("response_bytes")) + " bytes)";
                    Series httpClient = series.get("confiture_jdk_httpclient");
                    if (httpClient != null) {
                        confiture += "; with java.net.http.HttpClient p50 " + ms(httpClient.percentile(50)) + ", p99 "
                                + ms(httpClient.percentile(99));
                    }
                    ratio = "—";
                }
                default -> {
                    confiture = summary(Required.get(series, "confiture"));
                    flyway = summary(Required.get(series, "flyway"));
                    if (series.containsKey("limit")) {
                        limit = summary(Required.get(series, "limit"));
                    }
                    List<String> ratios = new ArrayList<>();
                    ratios.add(ratio(Required.get(result.ratios(), "confiture/flyway")) + " Flyway");
                    if (result.ratios().containsKey("confiture/limit")) {
                        ratios.add(ratio(Required.get(result.ratios(), "confiture/limit")) + " limit");
                    }
                    ratio = String.join(", ", ratios);
                }
            }
            String targets = result.targets().isEmpty() ? "—"
                    : result.targets().stream().map(BenchmarkReport::targetText).collect(Collectors.joining(", "));
            String met = result.targets().isEmpty() ? "—"
                    : result.targets().stream().map(target -> target.met() ? "yes" : "**no**").collect(Collectors.joining(", "));
            table.append("| ").append(result.id()).append(' ').append(result.id().title()).append(" | ")
                    .append(result.id().jvm().description()).append(" | ").append(confiture)
                    .append(" | ").append(flyway).append(" | ").append(limit).append(" | ").append(ratio).append(" | ")
                    .append(targets).append(" | ").append(met).append(" |\n");
        }
        return table.toString();
    }

    String machineLine() {
        return machine.get("cores") + " cores (" + machine.get("cpu") + "), " + machine.get("memory_gib") + " GiB, "
                + machine.get("os") + ", Java " + machine.get("java_version") + ", PostgreSQL " + machine.get("postgresql_version")
                + " embedded (fsync=" + machine.get("postgresql_fsync") + ", synchronous_commit="
                + machine.get("postgresql_synchronous_commit") + ", full_page_writes=" + machine.get("postgresql_full_page_writes")
                + "), Confiture " + machine.get("confiture_version") + ", Flyway " + machine.get("flyway_version")
                + (machine.containsKey("fresh_jvm_class_path") ? ", fresh JVMs on " + machine.get("fresh_jvm_class_path") : "");
    }

    void writeJson(Path file, List<String> arguments) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format_version", 1);
        json.put("generated_at", Instant.now().toString());
        json.put("arguments", arguments);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("migrations", options.migrations());
        settings.put("tenants", options.tenants());
        settings.put("tenant_migrations", options.tenantMigrations());
        settings.put("fleet_databases", options.fleetDatabases());
        settings.put("fleet_migrations", options.fleetMigrations());
        settings.put("durable", options.durable());
        settings.put("large_file_mb", options.largeFileMb());
        settings.put("real_set", (options.realSet() != null) ? String.valueOf(options.realSet()) : null);
        settings.put("warmup_rounds", options.warmup());
        settings.put("repetitions", options.repetitions());
        settings.put("requests", options.requests());
        settings.put("warmup_requests", options.warmupRequests());
        json.put("settings", settings);
        Map<String, Object> machineJson = new LinkedHashMap<>();
        machine.keySet().stream().sorted().forEach(key -> machineJson.put(key, machine.get(key)));
        json.put("machine", machineJson);
        json.put("cases", cases.stream().map(CaseResult::toJson).toList());
        json.put("targets", targets().stream().map(Target::toJson).toList());
        json.put("all_targets_met", allTargetsMet());
        json.put("table_markdown", table());
        json.put("machine_line", machineLine());
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            Files.writeString(file, mapper.writeValueAsString(json) + "\n");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write " + file, ex);
        }
    }

    private static String targetText(Target target) {
        return switch (target.unit()) {
            case "ms" -> target.description();
            default -> target.description().replace("Confiture median ", "");
        };
    }

    /** A P10 figure at both sizes, {@code "1,000: m; 10,000: m"} (p99 for the actuator), or empty when not measured. */
    private static String scaled(Map<String, Series> series, String figure, String contender) {
        List<String> sizes = new ArrayList<>();
        series.keySet().stream().filter(key -> key.startsWith(figure + "_") && key.endsWith("_" + contender))
                .map(key -> key.substring(figure.length() + 1, key.length() - contender.length() - 1))
                .sorted(java.util.Comparator.comparingInt(Integer::parseInt)).forEach(size -> {
                    Series measured = Required.get(series, figure + "_" + size + "_" + contender);
                    sizes.add(String.format(Locale.ROOT, "%,d", Integer.parseInt(size)) + ": "
                            + ms(figure.equals("actuator") ? measured.percentile(99) : measured.median()));
                });
        return String.join(", ", sizes);
    }

    private static String summary(Series series) {
        return ms(series.median()) + " (" + ms(series.min()) + "–" + ms(series.max()) + ")";
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String ms(double ms) {
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%,.0f ms", ms);
    }
}
