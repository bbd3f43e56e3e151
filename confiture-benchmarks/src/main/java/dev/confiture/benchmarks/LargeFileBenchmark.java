package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Case P12 (issue 17, B5): one generated migration file of {@code --large-file-mb} MiB of single-row INSERTs, applied
 * by Confiture in a fresh JVM with {@link #HEAP} ({@link LargeFileApply}), against the limit, {@code psql -X -q -1 -v
 * ON_ERROR_STOP=1 -f FILE} of the same file; each on a fresh database. Targets: every Confiture round applies the
 * file within that heap, and its median whole process is at most {@link #VS_PSQL} times psql's.
 */
final class LargeFileBenchmark {

    /** The child JVM's heap: far less than the file's text, its statements or its lines would take held together. */
    static final String HEAP = "-Xmx256m";

    /** Confiture's median at most this multiple of {@code psql -1}'s. */
    static final double VS_PSQL = 1.3;


    private final BenchmarkOptions options;

    private final PrintStream out;

    LargeFileBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    CaseResult run(Path work) {
        Path directory = work.resolve("large-file");
        Path file = directory.resolve("001_large_inserts.up.sql");
        long rows = write(file, options.largeFileMb() * 1024L * 1024L);
        long bytes = size(file);
        java.util.Optional<Psql> psql = Psql.find();
        List<Double> confiture = new ArrayList<>();
        List<Double> confitureMigrate = new ArrayList<>();
        List<Double> peakRssMib = new ArrayList<>();
        List<Double> limit = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> names = psql.isPresent() ? List.of("confiture", "limit") : List.of("confiture");
        for (int round = 0; round < options.warmup() + options.repetitions(); round++) {
            boolean warmup = round < options.warmup();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "P12 %s %d:", warmup ? "warm-up" : "round",
                    round + 1));
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((round + turn) % names.size());
                try (TestDatabase database = SharedPostgres.createDatabase("bench_p9_" + name)) {
                    if (name.equals("confiture")) {
                        ColdStartProcess.Finished finished = ColdStartProcess.start(LargeFileApply.class.getName(),
                                List.of(HEAP), List.of(database.jdbcUrl(), database.user(), database.password(),
                                        directory.toAbsolutePath().toString()), "Confiture's apply of " + file.getFileName());
                        if (finished.exitValue() != 0) {
                            failures.add(lastLines(finished.output()));
                            line.append(" confiture FAILED (exit ").append(finished.exitValue()).append(')');
                            continue;
                        }
                        double rss = finished.printedNumber("peak_rss_kib") / 1024;
                        if (!warmup) {
                            confiture.add(finished.wholeMs());
                            confitureMigrate.add(finished.printedNumber("migrate_ms"));
                            peakRssMib.add(rss);
                        }
                        line.append(String.format(Locale.ROOT, " confiture %.0f ms (migrate %.0f ms, peak RSS %.0f MiB)",
                                finished.wholeMs(), finished.printedNumber("migrate_ms"), rss));
                    }
                    else {
                        double ms = psql.get().run(database, List.of(file));
                        if (!warmup) {
                            limit.add(ms);
                        }
                        line.append(String.format(Locale.ROOT, " psql -1 %.0f ms", ms));
                    }
                }
            }
            out.println(line);
        }
        Map<String, Series> series = new LinkedHashMap<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        if (!confiture.isEmpty()) {
            series.put("confiture", new Series(confiture));
            series.put("confiture_migrate", new Series(confitureMigrate));
        }
        if (!limit.isEmpty()) {
            series.put("limit", new Series(limit));
        }
        double vsPsql = Double.NaN;
        if (series.containsKey("confiture") && series.containsKey("limit")) {
            vsPsql = Required.get(series, "confiture").median() / Required.get(series, "limit").median();
            ratios.put("confiture/limit", vsPsql);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("file_bytes", bytes);
        details.put("statements", rows + 1);
        details.put("heap", HEAP);
        details.put("jvm", "a fresh JVM per round (java " + HEAP + " -cp <this jar> LargeFileApply ...)");
        details.put("confiture_failed_rounds", failures.size());
        if (!failures.isEmpty()) {
            details.put("confiture_failure", failures.get(0));
        }
        if (!peakRssMib.isEmpty()) {
            details.put("confiture_peak_rss_mib", new Series(peakRssMib).median());
        }
        details.put("limit_command", psql.map(found -> found.executable() + " -X -q -1 -v ON_ERROR_STOP=1 -f FILE")
                .orElse("unavailable: " + Psql.whereLooked()));
        return new CaseResult(BenchmarkCase.P12, String.format(Locale.ROOT, "One migration file of %.1f MiB (%,d "
                + "single-row INSERTs after a CREATE TABLE), applied by Confiture's migrate() in a fresh JVM with %s "
                + "(the whole process timed), against psql -X -q -1 -v ON_ERROR_STOP=1 -f of the same file; each on a "
                + "fresh database", bytes / 1048576.0, rows, HEAP), series, ratios,
                List.of(new Target(BenchmarkCase.P12, "Confiture applies it with " + HEAP + " (failed rounds)",
                        failures.size(), 0, "runs"), new Target(BenchmarkCase.P12, "Confiture median <= " + VS_PSQL
                                + "x psql -1", vsPsql, VS_PSQL, "x")), details);
    }

    /** Writes the file: a table, then single-row INSERTs until {@code target} bytes. @return how many INSERTs */
    static long write(Path file, long target) {
        try {
            Files.createDirectories(file.getParent());
            long rows = 0;
            long written = 0;
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                String create = "CREATE TABLE large_rows (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12,2), "
                        + "note text);\n";
                writer.write(create);
                written += create.length();
                while (written < target) {
                    rows++;
                    String insert = "INSERT INTO large_rows (id, name, amount, note) VALUES (" + rows + ", 'name "
                            + rows + "', " + (rows % 100_000) + ".25, 'a row of the large file; it''s " + rows + "');\n";
                    writer.write(insert);
                    written += insert.length();
                }
            }
            return rows;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String lastLines(String printed) {
        List<String> lines = printed.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
