package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The cases that start a fresh process per round and contender, as a deploy or a service start pays it: P9 (apply on
 * the durable server against {@code psql -1}) and P10 (how apply, the startup check, {@code migrate status --format
 * json} and {@code GET /actuator/confiture} grow from one size to a ten times larger one).
 */
final class FreshJvmCases {

    /** P9: Confiture's whole process at most this multiple of {@code psql -1}'s (issue 17, B2). */
    static final double P9_VS_PSQL = 1.3;

    /** P9: Confiture's whole process at most this share of Flyway's. */
    static final double P9_VS_FLYWAY = 0.4;

    /** P10: from the small size to the large one (ten times more), every figure grows at most this much. */
    static final double P10_GROWTH = 10;

    /** P10's rounds are long at the large size: at most this many measured rounds per figure. */
    static final int P10_MAX_REPETITIONS = 3;

    private final BenchmarkOptions options;

    private final PrintStream out;

    private final Path work;

    FreshJvmCases(BenchmarkOptions options, PrintStream out, Path work) {
        this.options = options;
        this.out = out;
        this.work = work;
    }

    /**
     * P9: each round applies every migration to a fresh empty database in a new JVM per contender, and runs the same
     * SQL with {@code psql -1}.
     */
    CaseResult applyAgainstPsql(GeneratedMigrations migrations) {
        int count = migrations.count();
        Path script = writeScript(migrations, "p9-all.sql");
        Optional<Psql> psql = Psql.find();
        Map<String, Function<TestDatabase, Double>> contenders = new LinkedHashMap<>();
        contenders.put("confiture", database -> ColdStartProcess.run("confiture", database, migrations.confitureDir(), count)[0]);
        contenders.put("flyway", database -> ColdStartProcess.run("flyway", database, migrations.flywayDir(), count)[0]);
        contenders.put("floor", database -> ColdStartProcess.run("jdbc-floor", database, migrations.confitureDir(), count)[0]);
        psql.ifPresent(limit -> contenders.put("psql", database -> limit.run(database, List.of(script))));
        Map<String, Series> series = rounds(BenchmarkCase.P9, contenders, options.warmup(), options.repetitions());
        double vsFlyway = median(series, "confiture") / median(series, "flyway");
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("confiture/flyway", vsFlyway);
        ratios.put("floor/flyway", median(series, "floor") / median(series, "flyway"));
        ratios.put("confiture/floor", median(series, "confiture") / median(series, "floor"));
        List<Target> targets = new ArrayList<>();
        targets.add(new Target(BenchmarkCase.P9, "<= " + P9_VS_FLYWAY + "x Flyway", vsFlyway, P9_VS_FLYWAY, "x"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("migrations", count);
        details.put("script_bytes", script.toFile().length());
        if (psql.isPresent()) {
            double vsPsql = median(series, "confiture") / median(series, "psql");
            ratios.put("confiture/psql", vsPsql);
            ratios.put("flyway/psql", median(series, "flyway") / median(series, "psql"));
            ratios.put("floor/psql", median(series, "floor") / median(series, "psql"));
            targets.add(new Target(BenchmarkCase.P9, "<= " + P9_VS_PSQL + "x psql -1", vsPsql, P9_VS_PSQL, "x"));
            details.put("psql", psql.get().executable().toString());
        }
        else {
            details.put("psql", "missing: " + Psql.whereLooked());
        }
        return new CaseResult(BenchmarkCase.P9, "Applying " + count + " generated migrations to a fresh empty database, "
                + "each round a new JVM per contender (java -cp <this jar> ColdStart ...: JVM start, class loading, "
                + "connecting, migrate), timed as whole processes, against psql -X -q -1 -v ON_ERROR_STOP=1 -f of the same "
                + "SQL concatenated (one transaction, no bookkeeping). Confiture commits each migration with its tracking "
                + "row and reports it only once a flush has made it durable. The floor (JdbcFloor) is the least a JVM tool keeping that "
                + "promise does: each file and its tracking row committed in one round trip, one flush at the end, no lock, "
                + "no events, no checks", series, ratios, targets, details);
    }

    /**
     * P10: at each size (the small one, then ten times more), apply in a fresh JVM per round and contender on a fresh
     * database, then on the last round's databases the startup check, {@code migrate status --format json} (Flyway:
     * {@code info()} written as JSON) in fresh JVMs, and {@code GET /actuator/confiture}'s p99 on a running service.
     */
    CaseResult scale() {
        List<Integer> sizes = options.scale();
        int repetitions = Math.min(options.repetitions(), P10_MAX_REPETITIONS);
        Map<String, Series> series = new LinkedHashMap<>();
        for (int size : sizes) {
            GeneratedMigrations migrations = GeneratedMigrations.write(work.resolve("scale-" + size), size);
            Map<String, TestDatabase> applied = new LinkedHashMap<>();
            try {
                Map<String, Function<TestDatabase, Double>> apply = new LinkedHashMap<>();
                apply.put("confiture", database -> ColdStartProcess.run("confiture", database, migrations.confitureDir(), size)[0]);
                apply.put("flyway", database -> ColdStartProcess.run("flyway", database, migrations.flywayDir(), size)[0]);
                rounds(BenchmarkCase.P10, "apply " + size, apply, 0, repetitions, null, applied)
                        .forEach((name, measured) -> series.put("apply_" + size + "_" + name, measured));
                Map<String, Function<TestDatabase, Double>> startup = new LinkedHashMap<>();
                startup.put("confiture", database -> ColdStartProcess.run("confiture", database, migrations.confitureDir())[0]);
                startup.put("flyway", database -> ColdStartProcess.run("flyway", database, migrations.flywayDir())[0]);
                rounds(BenchmarkCase.P10, "startup check " + size, startup, 0, repetitions, applied, null)
                        .forEach((name, measured) -> series.put("startup_" + size + "_" + name, measured));
                Map<String, Function<TestDatabase, Double>> status = new LinkedHashMap<>();
                status.put("confiture", database -> statusJson(database, migrations, size));
                status.put("flyway", database -> flywayInfoJson(database, migrations, size));
                rounds(BenchmarkCase.P10, "status json " + size, status, 0, repetitions, applied, null)
                        .forEach((name, measured) -> series.put("status_json_" + size + "_" + name, measured));
            }
            finally {
                applied.values().forEach(TestDatabase::close);
            }
            CaseResult endpoint = new StatusEndpointBenchmark(options.withRequests(Math.min(options.requests(), 300),
                    Math.min(options.warmupRequests(), 100)), out).run(migrations);
            Series latency = Required.get(endpoint.series(), "confiture");
            series.put("actuator_" + size + "_confiture", latency);
            out.printf("P10 GET /actuator/confiture %d: p99 %.2f ms%n", size, latency.percentile(99));
        }
        int small = sizes.get(0);
        int large = sizes.get(sizes.size() - 1);
        Map<String, Double> ratios = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        for (String figure : List.of("apply", "startup", "status_json", "actuator")) {
            for (String contender : List.of("confiture", "flyway")) {
                Series from = series.get(figure + "_" + small + "_" + contender);
                Series to = series.get(figure + "_" + large + "_" + contender);
                if (from == null || to == null) {
                    continue;
                }
                boolean p99 = figure.equals("actuator");
                double growth = (p99 ? to.percentile(99) : to.median()) / (p99 ? from.percentile(99) : from.median());
                ratios.put(figure + "_" + contender + "_" + large + "/" + small, growth);
                if (contender.equals("confiture")) {
                    targets.add(new Target(BenchmarkCase.P10, figure.replace('_', ' ') + (p99 ? " p99" : "") + " grows <= "
                            + (int) P10_GROWTH + "x", growth, P10_GROWTH, "x"));
                }
            }
        }
        return new CaseResult(BenchmarkCase.P10, "Growth from " + small + " to " + large + " generated migrations: apply "
                + "to a fresh empty database, the startup check with all applied, and migrate status --format json (the "
                + "CLI's main; Flyway: info() of every migration written as JSON), each a new JVM per round and "
                + "contender timed as a whole process; and GET /actuator/confiture's p99 on a running service (P4's "
                + "client, fewer requests). " + repetitions + " measured rounds per figure, no warm-up round (a fresh "
                + "JVM has none)", series, ratios, targets, Map.of("sizes", sizes, "rounds", repetitions));
    }

    /** {@code migrate status --format json} as the CLI runs it, in a new JVM; the JSON must list every migration. */
    private static double statusJson(TestDatabase database, GeneratedMigrations migrations, int size) {
        ColdStartProcess.Finished finished = ColdStartProcess.runMain("dev.confiture.cli.ConfitureCli", List.of(),
                List.of("migrate", "status", "--format", "json", "--url", database.jdbcUrl(), "--user", database.user(),
                        "--migrations-dir", migrations.confitureDir().toAbsolutePath().toString()),
                Map.of("CONFITURE_PASSWORD", database.password()));
        String last = String.format(java.util.Locale.ROOT, "%0" + Math.max(4, Integer.toString(size).length()) + "d", size);
        if (!finished.output().contains("\"" + last + "\"")) {
            throw new IllegalStateException("migrate status --format json did not list version " + last + ":\n"
                    + finished.output().substring(0, Math.min(2000, finished.output().length())));
        }
        return finished.wholeMs();
    }

    private static double flywayInfoJson(TestDatabase database, GeneratedMigrations migrations, int size) {
        ColdStartProcess.Finished finished = ColdStartProcess.runMain(ColdStart.class.getName(), List.of(),
                List.of("flyway-info", database.jdbcUrl(), database.user(), database.password(),
                        migrations.flywayDir().toAbsolutePath().toString(), "0"), Map.of());
        if ((int) finished.printedNumber("rows") != size) {
            throw new IllegalStateException("Flyway's info listed " + finished.printedNumber("rows") + " migrations, expected " + size);
        }
        return finished.wholeMs();
    }

    private Map<String, Series> rounds(BenchmarkCase id, Map<String, Function<TestDatabase, Double>> contenders,
            int warmup, int repetitions) {
        return rounds(id, "", contenders, warmup, repetitions, null, null);
    }

    /**
     * Rounds with the contenders in a rotating order, each on a fresh database per round, or on the one
     * {@code given} to it for every round.
     * @param given when not {@code null}, each contender's database for every round (left open)
     * @param keep when not {@code null}, receives each contender's fresh database of the last round (still open)
     */
    private Map<String, Series> rounds(BenchmarkCase id, String label, Map<String, Function<TestDatabase, Double>> contenders,
            int warmup, int repetitions, @Nullable Map<String, TestDatabase> given, @Nullable Map<String, TestDatabase> keep) {
        List<String> names = new ArrayList<>(contenders.keySet());
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        names.forEach(name -> ms.put(name, new ArrayList<>()));
        for (int round = 0; round < warmup + repetitions; round++) {
            boolean isWarmup = round < warmup;
            boolean last = round == warmup + repetitions - 1;
            StringBuilder line = new StringBuilder(String.format("%s%s %s %d:", id, label.isEmpty() ? "" : " " + label,
                    isWarmup ? "warm-up" : "round", round + 1));
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((round + turn) % names.size());
                TestDatabase database = (given != null) ? Required.get(given, name)
                        : SharedPostgres.createDatabase("bench_" + id + "_" + name);
                boolean close = given == null && !(keep != null && last);
                double elapsed;
                try {
                    elapsed = Required.get(contenders, name).apply(database);
                }
                catch (RuntimeException ex) {
                    if (given == null) {
                        database.close();
                    }
                    throw ex;
                }
                if (close) {
                    database.close();
                }
                else if (given == null) {
                    Objects.requireNonNull(keep).put(name, database);
                }
                if (!isWarmup) {
                    Required.get(ms, name).add(elapsed);
                }
                line.append(String.format(" %s %.0f ms", name, elapsed));
            }
            out.println(line);
        }
        Map<String, Series> series = new LinkedHashMap<>();
        ms.forEach((name, values) -> series.put(name, new Series(values)));
        return series;
    }

    private Path writeScript(GeneratedMigrations migrations, String name) {
        try {
            return Files.writeString(work.resolve(name), migrations.script(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static double median(Map<String, Series> series, String name) {
        return Required.get(series, name).median();
    }
}
