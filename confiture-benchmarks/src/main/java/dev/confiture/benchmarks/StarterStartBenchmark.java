package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * P11 (issue 17, B4): the time the Confiture starter adds to a Spring Boot application's start, against the time
 * Spring Boot's Flyway support adds. Each round starts {@link StarterStartApplication} in a fresh JVM
 * ({@link ColdStartProcess}) three times, in a rotating order: with neither tool, with the starter
 * ({@code confiture.*}, every generated migration applied), and with Flyway ({@code spring.flyway.*}, the same
 * migrations in Flyway's naming, applied). A tool's added time is the median of its variant minus the median of
 * the variant without a tool, for the JVM's uptime at {@code ApplicationReadyEvent} (the target) and for the whole
 * process. A fourth variant, without a tool, takes one connection at start ({@code benchmark.first-connection}): what
 * it adds is the floor under any tool's added time (the pool's start and the first connection, which an application
 * that reads its database at start pays anyway), reported beside the target with the ratio beyond it.
 */
final class StarterStartBenchmark {

    /** Confiture's added time to ready at most this share of Flyway's. */
    static final double ADDED_VS_FLYWAY = 0.5;

    private static final List<String> VARIANTS = List.of("none", "connection", "confiture", "flyway");

    /** The JVM's uptime at ready, the whole process, the CPU time until ready. */
    private static final List<String> SUFFIXES = List.of("", "_process", "_cpu");

    private final BenchmarkOptions options;

    private final PrintStream out;

    StarterStartBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    CaseResult run(GeneratedMigrations migrations) {
        int count = migrations.count();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        for (String variant : VARIANTS) {
            for (String suffix : SUFFIXES) {
                ms.put(variant + suffix, new ArrayList<>());
                if (!variant.equals("none")) {
                    ms.put(variant + "_added" + suffix, new ArrayList<>());
                }
            }
        }
        try (TestDatabase confitureDb = SharedPostgres.createDatabase("bench_P9_confiture");
                TestDatabase flywayDb = SharedPostgres.createDatabase("bench_P9_flyway")) {
            expect("Confiture setup", count, Contenders.confitureMigrate(confitureDb.dataSource(), migrations.confitureDir()));
            expect("Flyway setup", count, Contenders.flywayMigrate(flywayDb.dataSource(), migrations.flywayDir()));
            for (int round = 0; round < options.warmup() + options.repetitions(); round++) {
                boolean warmup = round < options.warmup();
                StringBuilder line = new StringBuilder(String.format("P11 %s %d:", warmup ? "warm-up" : "round", round + 1));
                Map<String, Double> thisRound = new LinkedHashMap<>();
                for (int turn = 0; turn < VARIANTS.size(); turn++) {
                    String variant = VARIANTS.get((round + turn) % VARIANTS.size());
                    TestDatabase database = variant.equals("flyway") ? flywayDb : confitureDb;
                    ColdStartProcess.Finished finished = ColdStartProcess.runMain(
                            StarterStartApplication.class.getName(), List.of(), arguments(variant, database, migrations),
                            Map.of());
                    checkRan(variant, finished.output(), count);
                    double ready = finished.printedNumber("ready_ms");
                    double cpu = finished.printedNumber("cpu_ms");
                    thisRound.put(variant, ready);
                    thisRound.put(variant + "_process", finished.wholeMs());
                    thisRound.put(variant + "_cpu", cpu);
                    line.append(String.format(" %s ready %.0f ms (process %.0f ms, CPU %.0f ms)", variant, ready,
                            finished.wholeMs(), cpu));
                }
                out.println(line);
                if (!warmup) {
                    for (String tool : List.of("confiture", "flyway")) {
                        ms.computeIfAbsent(tool + "_beyond_connection", name -> new ArrayList<>())
                                .add(Required.get(thisRound, tool) - Required.get(thisRound, "connection"));
                    }
                    // also paired within the round: the three ran back to back, so a slow spell of the machine
                    // weighs on the difference less than on the medians of separate variants
                    for (String suffix : SUFFIXES) {
                        double none = Required.get(thisRound, "none" + suffix);
                        for (String variant : VARIANTS) {
                            Required.get(ms, variant + suffix).add(Required.get(thisRound, variant + suffix));
                            if (!variant.equals("none")) {
                                Required.get(ms, variant + "_added" + suffix).add(Required.get(thisRound, variant + suffix)
                                        - none);
                            }
                        }
                    }
                }
            }
        }
        Map<String, Series> series = new LinkedHashMap<>();
        ms.forEach((name, values) -> series.put(name, new Series(values)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("migrations", count);
        double ready = addedRatio(series, "", details);
        double process = addedRatio(series, "_process", details);
        double cpu = addedRatio(series, "_cpu", details);
        details.put("connection_added_ready_paired_ms", Series.round(Required.get(series, "connection_added").median()));
        double confitureBeyond = Required.get(series, "confiture_beyond_connection").median();
        double flywayBeyond = Required.get(series, "flyway_beyond_connection").median();
        details.put("confiture_beyond_connection_ready_paired_ms", Series.round(confitureBeyond));
        details.put("flyway_beyond_connection_ready_paired_ms", Series.round(flywayBeyond));
        if (ready == Double.MAX_VALUE) {
            out.println("P11: a tool added nothing measurable to the start (the machine's noise is larger), so the ratio "
                    + "means nothing; run it again on a quieter machine");
        }
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("confiture_added/flyway_added", ready);
        ratios.put("confiture_added/flyway_added_process", process);
        ratios.put("confiture_added/flyway_added_cpu", cpu);
        ratios.put("confiture_beyond_connection/flyway_beyond_connection",
                confitureBeyond > 0 && flywayBeyond > 0 ? confitureBeyond / flywayBeyond : Double.MAX_VALUE);
        return new CaseResult(BenchmarkCase.P11, "The time a tool adds to a Spring Boot application's start: the same "
                + "application (Hikari DataSource from spring.datasource.*, every auto-configuration of the benchmarks' "
                + "class path, no web server, logging at INFO as by default) in a fresh JVM per round and variant, "
                + "started from this jar through Spring Boot's PropertiesLauncher, with no migration tool, with the Confiture starter, or "
                + "with Spring Boot's Flyway support, on a database with all " + count + " migrations applied and "
                + "nothing pending. Timed: the JVM's uptime at ApplicationReadyEvent (ready), the whole process, and "
                + "the CPU time spent until ready (every thread; steadier on a shared machine). A "
                + "tool's added time is the median over the rounds of its variant minus the no-tool variant of the same "
                + "round (the difference of the medians is in the details); the application itself "
                + "touches no database, so the first connection is charged to the tool. The variant 'connection' (no "
                + "tool; the application takes one connection before ready) is that floor: the ratio 'beyond "
                + "connection' compares what each tool adds on top of it, ready time paired per round", series, ratios,
                List.of(new Target(BenchmarkCase.P11, "starter's added time to ready <= " + ADDED_VS_FLYWAY
                        + "x Flyway's", ready, ADDED_VS_FLYWAY, "x")), details);
    }

    /**
     * @return the median of Confiture's added time per round over Flyway's, for the ready ({@code ""}), process
     * ({@code "_process"}) or CPU ({@code "_cpu"}) series; when either tool added nothing measurable (a median at or
     * below zero: the machine's noise is larger than the tool) the ratio means nothing and is reported as not met
     */
    private static double addedRatio(Map<String, Series> series, String suffix, Map<String, Object> details) {
        double none = Required.get(series, "none" + suffix).median();
        String kind = suffix.isEmpty() ? "ready" : suffix.substring(1);
        details.put("confiture_added_" + kind + "_ms", Series.round(Required.get(series, "confiture" + suffix).median() - none));
        details.put("flyway_added_" + kind + "_ms", Series.round(Required.get(series, "flyway" + suffix).median() - none));
        double confiture = Required.get(series, "confiture_added" + suffix).median();
        double flyway = Required.get(series, "flyway_added" + suffix).median();
        details.put("confiture_added_" + kind + "_paired_ms", Series.round(confiture));
        details.put("flyway_added_" + kind + "_paired_ms", Series.round(flyway));
        return (confiture > 0 && flyway > 0) ? confiture / flyway : Double.MAX_VALUE;
    }

    private static List<String> arguments(String variant, TestDatabase database, GeneratedMigrations migrations) {
        List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(), "--spring.datasource.password=" + database.password(),
                "--spring.application.name=confiture-benchmarks",
                // Spring Boot's default level (this module's logback.xml says WARN for the in-JVM cases); it also
                // prints the lines that show each tool ran
                "--logging.level.root=INFO"));
        switch (variant) {
            case "none" -> arguments.addAll(List.of("--confiture.enabled=false", "--spring.flyway.enabled=false"));
            case "connection" -> arguments.addAll(List.of("--confiture.enabled=false", "--spring.flyway.enabled=false",
                    "--benchmark.first-connection=true"));
            case "confiture" -> arguments.addAll(List.of("--spring.flyway.enabled=false",
                    "--confiture.locations=" + location(migrations.confitureDir()), "--confiture.environment=benchmark"));
            case "flyway" -> arguments.addAll(List.of("--confiture.enabled=false",
                    "--spring.flyway.locations=" + location(migrations.flywayDir())));
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        }
        return arguments;
    }

    private static String location(Path directory) {
        return "filesystem:" + directory.toAbsolutePath();
    }

    /**
     * The comparison is honest only if each variant ran what it claims: the tool's own log line that it found every
     * migration applied (Confiture's migrate, Flyway's validation and migrate), and no line of the other tool; the
     * floor variant's line that it took its connection, and no tool's.
     */
    static void checkRan(String variant, String printed, int count) {
        boolean confiture = Pattern.compile("Schema \\S+ is up to date at version 0*" + count + "\\b").matcher(printed)
                .find();
        boolean flyway = printed.contains("Successfully validated " + count + " migrations")
                && printed.contains("No migration necessary");
        boolean anyConfiture = printed.contains("is up to date at version");
        boolean anyFlyway = printed.contains("Successfully validated") || printed.contains("No migration necessary");
        boolean connection = printed.contains(StarterStartApplication.FIRST_CONNECTION_TAKEN);
        boolean ran = switch (variant) {
            case "none" -> !anyConfiture && !anyFlyway && !connection;
            case "connection" -> !anyConfiture && !anyFlyway && connection;
            case "confiture" -> confiture && !anyFlyway;
            case "flyway" -> flyway && !anyConfiture;
            default -> false;
        };
        if (!ran) {
            throw new IllegalStateException("P11 " + variant + " did not run as expected (Confiture's migrate finding "
                    + count + " applied: " + confiture + ", Flyway validating " + count + ": " + flyway + "):\n" + printed);
        }
    }

    private static int expect(String what, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + " applied " + actual + " migrations, expected " + expected);
        }
        return actual;
    }
}
