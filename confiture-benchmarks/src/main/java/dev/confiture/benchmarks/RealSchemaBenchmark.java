package dev.confiture.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.confiture.schema.BuildResult;
import dev.confiture.testing.postgres.PostgresServer;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import dev.confiture.tracking.TableName;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P13 (issue 17, B3): build from DDL of a real schema against {@code psql -X -q -1 -v ON_ERROR_STOP=1 -f} of the same
 * files, and against replaying the migrations that produced it. The set (Lemmy's migrations, fetched by
 * {@code scripts/real-schema-benchmark.sh}, never committed) comes from {@code --real-set} or
 * {@code CONFITURE_BENCH_REAL_SET}; without it the case is recorded as skipped.
 *
 * <p>Once, untimed: the set is copied into Confiture's layout, replayed and dumped into {@code db/schema} files
 * ({@link SchemaDump}). Then every round, on fresh databases, each after an untimed {@code CHECKPOINT}, build and
 * psql taking turns going first and replay last: {@code replay} (Confiture's
 * {@code migrate()} of every migration), {@code build} ({@code Confiture.build()} from the schema files, baselining
 * every migration) and {@code psql} (a new {@code psql} process running the same files, concatenated, in one
 * transaction). Replay and build run in this JVM, warm after the warm-up rounds, on a pool of pre-opened
 * connections, as a test suite or a service that builds its database pays them; psql's figure is its whole
 * process, start and connection included (a few milliseconds).
 */
final class RealSchemaBenchmark {

    /** B3: build at most this multiple of psql's time. */
    static final double BUILD_VS_PSQL = 1.2;

    static final String VARIABLE = "CONFITURE_BENCH_REAL_SET";

    private final BenchmarkOptions options;

    private final PrintStream out;

    RealSchemaBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    CaseResult run(Path work) {
        Path directory = options.realSet();
        if (directory == null) {
            return skipped("no real migration set given (--real-set=DIR or " + VARIABLE + "): run "
                    + "confiture-benchmarks/scripts/real-schema-benchmark.sh, which fetches Lemmy's migrations and passes them");
        }
        PostgresTools tools = PostgresTools.find();
        if (tools == null) {
            return skipped("no pg_dump with psql beside it on PATH or in /usr/lib/postgresql/*/bin: install PostgreSQL's "
                    + "client programs (Debian: apt-get install postgresql-client)");
        }
        PostgresServer server = SharedPostgres.server();
        int serverMajor = serverMajor(server);
        if (tools.major() < serverMajor && !tools.hasServer()) {
            return skipped("pg_dump " + tools.version() + " (" + tools.pgDump() + ") refuses the PostgreSQL " + serverMajor
                    + " benchmark server, and there is no server of its own version beside it (initdb, pg_ctl) to dump "
                    + "a replay of the set from: put pg_dump " + serverMajor + " or newer on PATH, or install the server "
                    + "of pg_dump's version (Debian: apt-get install postgresql)");
        }
        RealMigrationSet set = RealMigrationSet.copy(directory, work.resolve("real-set"));
        SchemaDump dump = SchemaDump.write(tools, set, serverMajor, work.resolve("real-schema"));
        out.printf("P13: %d migrations from %s; schema files %s (%,d bytes), %s%n", set.count(), set.source(),
                dump.schemaDir(), dump.bytes(), dump.source());
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        List.of("replay", "build", "psql").forEach(name -> ms.put(name, new ArrayList<>()));
        Map<String, Integer> objects = new LinkedHashMap<>();
        int statements = 0;
        for (int round = 0; round < options.warmup() + options.repetitions(); round++) {
            boolean warmup = round < options.warmup();
            StringBuilder line = new StringBuilder(String.format("P13 %s %d:", warmup ? "warm-up" : "round", round + 1));
            // build and psql take turns going first; replay, whose seconds of writes would weigh on whatever runs
            // after it, goes last, so the next round's first is build and psql alike
            List<String> order = (round % 2 == 0) ? List.of("build", "psql", "replay") : List.of("psql", "build", "replay");
            for (String name : order) {
                try (TestDatabase database = SharedPostgres.createDatabase("bench_P9_" + name)) {
                    checkpoint(database);
                    double elapsed;
                    switch (name) {
                        case "replay" -> elapsed = inProcess(database, pool -> expect("replay", set.count(),
                                Contenders.confitureMigrate(pool, set.confitureDir())));
                        case "build" -> {
                            BuildResult[] built = new BuildResult[1];
                            elapsed = inProcess(database, pool -> built[0] = Contenders.confiture(pool, set.confitureDir(),
                                    dump.schemaDir()).build());
                            expect("build", set.count(), built[0].baselined().size());
                            statements = built[0].statements();
                        }
                        default -> elapsed = psql(tools, database, dump.script());
                    }
                    objects.put(name, schemaObjects(database));
                    if (!warmup) {
                        Required.get(ms, name).add(elapsed);
                    }
                    line.append(String.format(" %s %.0f ms", name, elapsed));
                }
            }
            out.println(line);
            if (objects.values().stream().distinct().count() != 1) {
                throw new IllegalStateException("P13: the contenders built different schemas (objects per contender: "
                        + objects + ")");
            }
        }
        Map<String, Series> series = new LinkedHashMap<>();
        ms.forEach((name, values) -> series.put(name, new Series(values)));
        double vsPsql = Required.get(series, "build").median() / Required.get(series, "psql").median();
        double vsReplay = Required.get(series, "build").median() / Required.get(series, "replay").median();
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("build/psql", vsPsql);
        ratios.put("build/replay", vsReplay);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("set", set.source().toString());
        details.put("migrations", set.count());
        details.put("schema_statements", statements);
        details.put("schema_bytes", dump.bytes());
        details.put("schema_objects", objects.values().iterator().next());
        details.put("dump", dump.source());
        details.put("psql", tools.psql() + " " + tools.version() + " -X -q -1 -v ON_ERROR_STOP=1 -f, a new process per "
                + "round, timed whole");
        details.put("jvm", "replay and build in process: a warm JVM after " + options.warmup()
                + " warm-up round(s), a pool of " + Benchmark.DEFAULT_POOL_SIZE + " pre-opened connections");
        return new CaseResult(BenchmarkCase.P13, "Confiture.build() of " + set.count() + " real migrations' schema ("
                + statements + " statements of pg_dump --schema-only, " + dump.bytes() + " bytes) from db/schema files, "
                + "against psql -1 -f of the same files and against migrate() replaying the migrations; every round on "
                + "fresh databases after a CHECKPOINT; build and psql take turns going first, replay goes last; build and replay "
                + "in a warm JVM, psql a new process", series, ratios,
                List.of(new Target(BenchmarkCase.P13, "build <= " + BUILD_VS_PSQL + "x psql -1 -f", vsPsql, BUILD_VS_PSQL,
                        "x")), details);
    }

    private static CaseResult skipped(String reason) {
        return new CaseResult(BenchmarkCase.P13, "Skipped: " + reason, Map.of(), Map.of(), List.of(),
                Map.of("skipped", reason));
    }

    /**
     * Writes out what the previous contenders left dirty before the next one is timed (untimed), so no contender
     * pays for another's writes. Skipped where the user may not (an external server without {@code pg_checkpoint}).
     */
    private static void checkpoint(TestDatabase database) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        catch (SQLException ex) {
            // not allowed: the order alone has to do
        }
    }

    private static double inProcess(TestDatabase database, Benchmark.Work work) {
        try (HikariDataSource pool = Benchmark.pool(database)) {
            System.gc();
            long start = System.nanoTime();
            work.run(pool);
            return (System.nanoTime() - start) / 1_000_000.0;
        }
    }

    private static double psql(PostgresTools tools, TestDatabase database, Path script) {
        SchemaDump.ConnectionArguments connection = SchemaDump.connection(database);
        List<String> command = new ArrayList<>(List.of(tools.psql().toString(), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1",
                "-f", script.toString()));
        command.addAll(connection.arguments());
        long start = System.nanoTime();
        PostgresTools.run(command, connection.environment(), null);
        return (System.nanoTime() - start) / 1_000_000.0;
    }

    /**
     * What the contenders must agree on: how many relations, functions and types the schemas the set uses hold,
     * leaving out Confiture's own tables and what belongs to them (their indexes, sequences and row types, all named
     * after them).
     */
    private static int schemaObjects(TestDatabase database) {
        String userSchemas = "SELECT oid FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
                + "AND nspname NOT LIKE 'pg\\_%'";
        StringBuilder notConfiture = new StringBuilder();
        for (TableName table : Contenders.configuration(database.dataSource(), Path.of(".")).build().bookkeepingTables()) {
            notConfiture.append(" AND %1$s NOT LIKE '%%").append(table.table().replace("'", "''")).append("%%'");
        }
        String sql = "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace IN (" + userSchemas + ")"
                + String.format(notConfiture.toString(), "relname") + ") + (SELECT count(*) FROM pg_proc WHERE pronamespace IN ("
                + userSchemas + ")) + (SELECT count(*) FROM pg_type WHERE typnamespace IN (" + userSchemas + ")"
                + String.format(notConfiture.toString(), "typname") + ")";
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not count the objects of " + database + ": " + ex.getMessage(), ex);
        }
    }

    private static int serverMajor(PostgresServer server) {
        try (TestDatabase database = SharedPostgres.createDatabase("bench_P9_version");
                Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            result.next();
            return result.getInt(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not read the version of " + server.description(), ex);
        }
    }

    private static int expect(String what, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalStateException("P13 " + what + " applied " + actual + " migrations, expected " + expected);
        }
        return actual;
    }
}
