package dev.confiture.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.confiture.tenant.TenantRunResult;
import dev.confiture.testing.postgres.PostgresServer;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Runs the cases: one PostgreSQL server for every contender, a fresh database for every round, warm-up
 * rounds, then the measured ones. Within a round the contenders take turns in a rotating order.
 */
final class Benchmark {

    /** P1: Confiture's median at most this share of Flyway's. */
    static final double P1_VS_FLYWAY = 0.5;

    /** P2: Confiture's median at most this share of Flyway's. */
    static final double P2_VS_FLYWAY = 0.8;

    /** P2: Confiture's median at most this multiple of the limit's. */
    static final double P2_VS_LIMIT = 1.5;

    /** P4: the 99th percentile latency of {@code GET /actuator/confiture}, in ms. */
    static final double P4_P99_MS = 20;

    /** P6: {@code migrate plan} of 1,000 pending migrations within a second (issue 18). */
    static final double P6_LIMIT_MS = 1000;

    /** P5: the parallelism measured against 1. */
    static final int P5_PARALLELISM = 4;

    /** P5 rounds are long (every tenant, every migration): at most this many warm-up and measured rounds. */
    static final int P5_MAX_WARMUP = 1;

    static final int P5_MAX_REPETITIONS = 3;

    /** P1 is idempotent: each round repeats it on its database, this often untimed, then {@link #P1_TIMED} times timed. */
    static final int P1_UNTIMED = 3;

    static final int P1_TIMED = 5;

    private final BenchmarkOptions options;

    private final PrintStream out;

    Benchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    BenchmarkReport run() {
        PostgresServer server = SharedPostgres.server();
        Path work = createWorkDirectory();
        try {
            GeneratedMigrations migrations = GeneratedMigrations.write(work, options.migrations());
            Map<String, Object> machine = MachineInfo.describe(server);
            out.printf("Confiture benchmarks: %d migrations, %d warm-up + %d measured rounds, on %s (PostgreSQL %s)%n",
                    options.migrations(), options.warmup(), options.repetitions(), server.description(),
                    machine.get("postgresql_version"));
            List<CaseResult> results = new ArrayList<>();
            for (BenchmarkCase id : BenchmarkCase.values()) {
                if (options.cases().contains(id)) {
                    results.add(switch (id) {
                        case P1 -> startupCheck(migrations);
                        case P2 -> applyAll(migrations);
                        case P3 -> buildVersusReplay(migrations);
                        case P4 -> new StatusEndpointBenchmark(options, out).run(migrations);
                        case P5 -> tenants(work);
                        case P6 -> plan(migrations);
                        case P7 -> databases(work);
                        case P8 -> coldStart(migrations);
                        case P9 -> new FreshJvmCases(options, out, work).applyAgainstPsql(migrations);
                        case P10 -> new FreshJvmCases(options, out, work).scale();
                        case P11 -> new StarterStartBenchmark(options, out).run(migrations);
                        case P12 -> new LargeFileBenchmark(options, out).run(work);
                        case P13 -> new RealSchemaBenchmark(options, out).run(work);
                    });
                }
            }
            return new BenchmarkReport(options, machine, results);
        }
        finally {
            deleteRecursively(work);
        }
    }

    private CaseResult startupCheck(GeneratedMigrations migrations) {
        int count = migrations.count();
        Map<String, Step> contenders = new LinkedHashMap<>();
        contenders.put("confiture", new Step(
                dataSource -> expect("Confiture setup", count, Contenders.confitureMigrate(dataSource, migrations.confitureDir())),
                dataSource -> expect("Confiture", 0, Contenders.confitureMigrate(dataSource, migrations.confitureDir())),
                P1_UNTIMED, P1_TIMED));
        contenders.put("flyway", new Step(
                dataSource -> expect("Flyway setup", count, Contenders.flywayMigrate(dataSource, migrations.flywayDir())),
                dataSource -> expect("Flyway", 0, Contenders.flywayMigrate(dataSource, migrations.flywayDir())),
                P1_UNTIMED, P1_TIMED));
        Map<String, Series> series = measure(BenchmarkCase.P1, contenders);
        double ratio = Required.get(series, "confiture").median() / Required.get(series, "flyway").median();
        return new CaseResult(BenchmarkCase.P1, "A new instance's migrate() on a database with all " + count
                + " migrations applied and nothing pending: scanning and reading the files, checksums, the lock, "
                + "reading the history, validating. Each round migrates a fresh database (untimed), then repeats the "
                + "no-op " + P1_UNTIMED + " times untimed and " + P1_TIMED + " times timed", series, Map.of("confiture/flyway", ratio),
                List.of(new Target(BenchmarkCase.P1, "Confiture median <= " + P1_VS_FLYWAY + "x Flyway", ratio,
                        P1_VS_FLYWAY, "x")), Map.of("migrations", count, "timed_per_round", P1_TIMED, "untimed_per_round", P1_UNTIMED));
    }

    private CaseResult applyAll(GeneratedMigrations migrations) {
        int count = migrations.count();
        Map<String, Step> contenders = new LinkedHashMap<>();
        contenders.put("confiture", Step.once(
                dataSource -> expect("Confiture", count, Contenders.confitureMigrate(dataSource, migrations.confitureDir()))));
        contenders.put("flyway", Step.once(
                dataSource -> expect("Flyway", count, Contenders.flywayMigrate(dataSource, migrations.flywayDir()))));
        contenders.put("limit", Step.once(dataSource -> Contenders.limit(dataSource, migrations.script())));
        Map<String, Series> series = measure(BenchmarkCase.P2, contenders);
        double vsFlyway = Required.get(series, "confiture").median() / Required.get(series, "flyway").median();
        double vsLimit = Required.get(series, "confiture").median() / Required.get(series, "limit").median();
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("confiture/flyway", vsFlyway);
        ratios.put("confiture/limit", vsLimit);
        ratios.put("flyway/limit", Required.get(series, "flyway").median() / Required.get(series, "limit").median());
        return new CaseResult(BenchmarkCase.P2, "A new instance's migrate() applying " + count
                + " generated migrations to an empty database; the limit runs the same SQL as one script in one "
                + "transaction over one connection", series, ratios,
                List.of(new Target(BenchmarkCase.P2, "Confiture median <= " + P2_VS_FLYWAY + "x Flyway", vsFlyway,
                        P2_VS_FLYWAY, "x"),
                        new Target(BenchmarkCase.P2, "Confiture median <= " + P2_VS_LIMIT + "x the limit", vsLimit,
                                P2_VS_LIMIT, "x")),
                Map.of("migrations", count, "script_bytes", migrations.script().length()));
    }

    private CaseResult buildVersusReplay(GeneratedMigrations migrations) {
        int count = migrations.count();
        Map<String, Step> contenders = new LinkedHashMap<>();
        contenders.put("confiture_build", Step.once(dataSource -> expect("Confiture build", count,
                Contenders.confitureBuild(dataSource, migrations.confitureDir(), migrations.schemaDir()))));
        contenders.put("confiture_replay", Step.once(dataSource -> expect("Confiture replay", count,
                Contenders.confitureMigrate(dataSource, migrations.confitureDir()))));
        Map<String, Series> series = measure(BenchmarkCase.P3, contenders);
        double ratio = Required.get(series, "confiture_build").median() / Required.get(series, "confiture_replay").median();
        return new CaseResult(BenchmarkCase.P3, "Confiture.build() from db/schema files that declare the final schema of the "
                + count + " migrations (and baseline them), versus migrate() replaying them on an empty database",
                series, Map.of("build/replay", ratio), List.of(), Map.of("migrations", count));
    }

    private CaseResult plan(GeneratedMigrations migrations) {
        int count = migrations.count();
        Map<String, Step> contenders = new LinkedHashMap<>();
        contenders.put("confiture_plan", Step.once(dataSource -> expect("Confiture plan", count,
                Contenders.confiturePlan(dataSource, migrations.confitureDir()))));
        Map<String, Series> series = measure(BenchmarkCase.P6, contenders);
        double median = Required.get(series, "confiture_plan").median();
        return new CaseResult(BenchmarkCase.P6, "A new instance's plan() on an empty database: every one of the " + count
                + " migrations pending, scanned, read, split and analysed statement by statement, plus the catalog "
                + "sizes of the tables they touch", series, Map.of(),
                List.of(new Target(BenchmarkCase.P6, "median <= " + P6_LIMIT_MS + " ms for " + count + " pending", median,
                        P6_LIMIT_MS, "ms")), Map.of("migrations", count));
    }

    private CaseResult tenants(Path work) {
        GeneratedMigrations migrations = GeneratedMigrations.write(work.resolve("tenants"), options.tenantMigrations());
        List<String> schemas = IntStream.rangeClosed(1, options.tenants())
                .mapToObj(tenant -> String.format(Locale.ROOT, "tenant_%04d", tenant)).toList();
        Map<String, Step> contenders = new LinkedHashMap<>();
        contenders.put("parallelism_" + P5_PARALLELISM, Step.once(dataSource -> expectTenants(
                Contenders.tenantsMigrate(dataSource, migrations.confitureDir(), schemas, P5_PARALLELISM),
                migrations.count())));
        contenders.put("parallelism_1", Step.once(dataSource -> expectTenants(
                Contenders.tenantsMigrate(dataSource, migrations.confitureDir(), schemas, 1), migrations.count())));
        int warmup = Math.min(options.warmup(), P5_MAX_WARMUP);
        int repetitions = Math.min(options.repetitions(), P5_MAX_REPETITIONS);
        Map<String, Series> series = measure(BenchmarkCase.P5, contenders, warmup, repetitions,
                Contenders.tenantPoolSize(P5_PARALLELISM));
        double ratio = Required.get(series, "parallelism_" + P5_PARALLELISM).median() / Required.get(series, "parallelism_1").median();
        return new CaseResult(BenchmarkCase.P5, "TenantMigrations.migrate() of " + schemas.size() + " tenant schemas x "
                + migrations.count() + " generated migrations on an empty database (one tracking table per schema), "
                + "parallelism " + P5_PARALLELISM + " versus 1; " + warmup + " warm-up and " + repetitions
                + " measured rounds at most, as each round migrates every tenant", series,
                Map.of("parallelism_" + P5_PARALLELISM + "/parallelism_1", ratio), List.of(),
                Map.of("tenants", schemas.size(), "migrations_per_tenant", migrations.count(),
                        "pool_size", Contenders.tenantPoolSize(P5_PARALLELISM)));
    }

    /** P8: Confiture's whole process at most this share of Flyway's (issue 17, B1). */
    static final double P8_PROCESS_VS_FLYWAY = 0.5;

    /** P8: Confiture's migrate() in that process at most this share of Flyway's. */
    static final double P8_MIGRATE_VS_FLYWAY = 0.4;

    /**
     * P8: each round starts a new JVM per contender ({@link ColdStart}) on a database where every migration is applied
     * (set up once, untimed), and times the whole process and, inside it, {@code migrate()}.
     */
    private CaseResult coldStart(GeneratedMigrations migrations) {
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        for (String name : List.of("confiture", "flyway", "floor", "confiture_migrate", "flyway_migrate", "floor_migrate")) {
            ms.put(name, new ArrayList<>());
        }
        try (TestDatabase confitureDb = SharedPostgres.createDatabase("bench_P8_confiture");
                TestDatabase flywayDb = SharedPostgres.createDatabase("bench_P8_flyway");
                TestDatabase floorDb = SharedPostgres.createDatabase("bench_P8_floor")) {
            expect("Confiture setup", migrations.count(), Contenders.confitureMigrate(confitureDb.dataSource(),
                    migrations.confitureDir()));
            expect("Flyway setup", migrations.count(), Contenders.flywayMigrate(flywayDb.dataSource(),
                    migrations.flywayDir()));
            expect("floor setup", migrations.count(), JdbcFloor.migrate(floorDb.dataSource(), migrations.confitureDir()));
            List<String> names = List.of("confiture", "flyway", "floor");
            for (int round = 0; round < options.warmup() + options.repetitions(); round++) {
                boolean warmup = round < options.warmup();
                StringBuilder line = new StringBuilder(String.format("P8 %s %d:", warmup ? "warm-up" : "round", round + 1));
                for (int turn = 0; turn < names.size(); turn++) {
                    String name = names.get((round + turn) % names.size());
                    TestDatabase database = switch (name) {
                        case "confiture" -> confitureDb;
                        case "flyway" -> flywayDb;
                        default -> floorDb;
                    };
                    double[] times = ColdStartProcess.run(name.equals("floor") ? "jdbc-floor" : name, database,
                            name.equals("flyway") ? migrations.flywayDir() : migrations.confitureDir());
                    if (!warmup) {
                        Required.get(ms, name).add(times[0]);
                        Required.get(ms, name + "_migrate").add(times[1]);
                    }
                    line.append(String.format(" %s %.0f ms (migrate %.1f ms)", name, times[0], times[1]));
                }
                out.println(line);
            }
        }
        Map<String, Series> series = new LinkedHashMap<>();
        ms.forEach((name, values) -> series.put(name, new Series(values)));
        double process = Required.get(series, "confiture").median() / Required.get(series, "flyway").median();
        double migrate = Required.get(series, "confiture_migrate").median() / Required.get(series, "flyway_migrate").median();
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("confiture/flyway", process);
        ratios.put("confiture_migrate/flyway_migrate", migrate);
        ratios.put("floor/flyway", Required.get(series, "floor").median() / Required.get(series, "flyway").median());
        ratios.put("floor_migrate/flyway_migrate",
                Required.get(series, "floor_migrate").median() / Required.get(series, "flyway_migrate").median());
        return new CaseResult(BenchmarkCase.P8, "A fresh JVM per round and contender (java -cp <this jar> ColdStart ...), "
                + "on a database with all " + migrations.count() + " migrations applied and nothing pending: the whole "
                + "process (JVM start, class loading, connecting, migrate) and migrate() timed inside it. The floor (JdbcFloor) is "
                + "the least a startup check does: read and hash every file, read the recorded checksums, compare", series,
                ratios,
                List.of(new Target(BenchmarkCase.P8, "whole process <= " + P8_PROCESS_VS_FLYWAY + "x Flyway", process,
                        P8_PROCESS_VS_FLYWAY, "x"), new Target(BenchmarkCase.P8, "migrate() <= " + P8_MIGRATE_VS_FLYWAY
                                + "x Flyway", migrate, P8_MIGRATE_VS_FLYWAY, "x")),
                Map.of("migrations", migrations.count()));
    }

    /** P7: the parallelism measured against 1. */
    static final int P7_PARALLELISM = 8;

    /**
     * P7: {@code migrate up --databases} as the CLI runs it (a DataSource per database, no pool), on fresh databases
     * every round; creating and dropping them is not timed.
     */
    private CaseResult databases(Path work) {
        GeneratedMigrations migrations = GeneratedMigrations.write(work.resolve("fleet"), options.fleetMigrations());
        int warmup = Math.min(options.warmup(), P5_MAX_WARMUP);
        int repetitions = Math.min(options.repetitions(), P5_MAX_REPETITIONS);
        List<String> names = List.of("parallelism_" + P7_PARALLELISM, "parallelism_1");
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        names.forEach(name -> nanos.put(name, new ArrayList<>()));
        for (int round = 0; round < warmup + repetitions; round++) {
            boolean isWarmup = round < warmup;
            StringBuilder line = new StringBuilder(String.format("P7 %s %d:", isWarmup ? "warm-up" : "round", round + 1));
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((round + turn) % names.size());
                int parallelism = name.equals("parallelism_1") ? 1 : P7_PARALLELISM;
                List<TestDatabase> databases = new ArrayList<>();
                try {
                    for (int i = 0; i < options.fleetDatabases(); i++) {
                        databases.add(SharedPostgres.createDatabase("bench_fleet_" + i));
                    }
                    Map<String, dev.confiture.config.ConfitureConfiguration> configurations = new LinkedHashMap<>();
                    for (TestDatabase database : databases) {
                        configurations.put(database.name(), Contenders.configuration(database.dataSource(),
                                migrations.confitureDir()).build());
                    }
                    System.gc();
                    long start = System.nanoTime();
                    TenantRunResult result = new dev.confiture.tenant.DatabaseMigrations(configurations, parallelism,
                            false).migrate();
                    long elapsed = System.nanoTime() - start;
                    expectTenants(result, migrations.count());
                    if (!isWarmup) {
                        Required.get(nanos, name).add(elapsed);
                    }
                    line.append(String.format(" %s %.1f ms", name, elapsed / 1_000_000.0));
                }
                finally {
                    databases.forEach(TestDatabase::close);
                }
            }
            out.println(line);
        }
        Map<String, Series> series = new LinkedHashMap<>();
        nanos.forEach((name, values) -> series.put(name, Series.ofNanos(values)));
        double ratio = Required.get(series, "parallelism_" + P7_PARALLELISM).median()
                / Required.get(series, "parallelism_1").median();
        return new CaseResult(BenchmarkCase.P7, "DatabaseMigrations.migrate() (migrate up --databases) of "
                + options.fleetDatabases() + " databases x " + migrations.count() + " generated migrations, each an "
                + "empty database with its own tracking table, a DataSource per database as the CLI has, parallelism "
                + P7_PARALLELISM + " versus 1; " + warmup + " warm-up and " + repetitions + " measured rounds at most",
                series, Map.of("parallelism_" + P7_PARALLELISM + "/parallelism_1", ratio), List.of(),
                Map.of("databases", options.fleetDatabases(), "migrations_per_database", migrations.count()));
    }

    /**
     * Warm-up rounds, then measured ones; each contender gets a fresh database (and pool) per round.
     */
    private Map<String, Series> measure(BenchmarkCase id, Map<String, Step> contenders) {
        return measure(id, contenders, options.warmup(), options.repetitions(), DEFAULT_POOL_SIZE);
    }

    private Map<String, Series> measure(BenchmarkCase id, Map<String, Step> contenders, int warmupRounds,
            int repetitions, int poolSize) {
        List<String> names = new ArrayList<>(contenders.keySet());
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        names.forEach(name -> nanos.put(name, new ArrayList<>()));
        int rounds = warmupRounds + repetitions;
        for (int round = 0; round < rounds; round++) {
            boolean warmup = round < warmupRounds;
            StringBuilder line = new StringBuilder(String.format("%s %s %d/%d:", id, warmup ? "warm-up" : "round",
                    warmup ? round + 1 : round - warmupRounds + 1, warmup ? warmupRounds : repetitions));
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((round + turn) % names.size());
                List<Long> elapsed = timeOnFreshDatabase(id.name() + "_" + name, Required.get(contenders, name), poolSize);
                if (!warmup) {
                    Required.get(nanos, name).addAll(elapsed);
                }
                line.append(String.format(" %s %.1f ms", name, Series.ofNanos(elapsed).median()));
            }
            out.println(line);
        }
        Map<String, Series> series = new LinkedHashMap<>();
        nanos.forEach((name, values) -> series.put(name, Series.ofNanos(values)));
        return series;
    }

    private static List<Long> timeOnFreshDatabase(String label, Step step, int poolSize) {
        try (TestDatabase database = SharedPostgres.createDatabase("bench_" + label);
                HikariDataSource pool = pool(database, poolSize)) {
            if (step.setup() != null) {
                step.setup().run(pool);
            }
            for (int i = 0; i < step.untimed(); i++) {
                step.work().run(pool);
            }
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < step.timed(); i++) {
                System.gc();
                long start = System.nanoTime();
                step.work().run(pool);
                nanos.add(System.nanoTime() - start);
            }
            return nanos;
        }
    }

    /** The pool of P1 to P3: what a small service has. */
    static final int DEFAULT_POOL_SIZE = 4;

    /**
     * A connection pool of {@value #DEFAULT_POOL_SIZE}, filled before anything is timed, as a running service has one.
     */
    static HikariDataSource pool(TestDatabase database) {
        return pool(database, DEFAULT_POOL_SIZE);
    }

    /**
     * A connection pool of {@code size}, filled before anything is timed.
     */
    static HikariDataSource pool(TestDatabase database, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        if (!database.user().isEmpty()) {
            config.setUsername(database.user());
        }
        if (!database.password().isEmpty()) {
            config.setPassword(database.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName("benchmark");
        HikariDataSource pool = new HikariDataSource(config);
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                connections.add(pool.getConnection());
            }
            for (Connection connection : connections) {
                connection.close();
            }
        }
        catch (SQLException ex) {
            pool.close();
            throw new IllegalStateException("Could not fill the connection pool of " + database + ": " + ex.getMessage(), ex);
        }
        return pool;
    }

    private static void expectTenants(TenantRunResult result, int migrationsPerTenant) {
        if (result.summary().migrated() != result.summary().total() || !result.failures().isEmpty()) {
            throw new IllegalStateException("Tenants: " + result.summary() + (result.failures().isEmpty() ? ""
                    : ", first failure: " + result.failures().get(0).error()));
        }
        int applied = result.tenants().stream().mapToInt(tenant -> tenant.applied()).sum();
        if (applied != result.summary().total() * migrationsPerTenant) {
            throw new IllegalStateException("Tenants applied " + applied + " migrations, expected "
                    + result.summary().total() * migrationsPerTenant);
        }
    }

    private static int expect(String what, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + " applied " + actual + " migrations, expected " + expected);
        }
        return actual;
    }

    private static Path createWorkDirectory() {
        try {
            return Files.createTempDirectory("confiture-benchmarks");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            // a temporary directory: leaving it behind is harmless
        }
    }

    /**
     * A contender's work in one round: untimed setup, then the work, {@code untimed} times untimed and
     * {@code timed} times timed (more than once only for idempotent work).
     */
    record Step(@org.jspecify.annotations.Nullable Work setup, Work work, int untimed, int timed) {

        static Step once(Work work) {
            return new Step(null, work, 0, 1);
        }
    }

    @FunctionalInterface
    interface Work {
        void run(DataSource dataSource);
    }
}
