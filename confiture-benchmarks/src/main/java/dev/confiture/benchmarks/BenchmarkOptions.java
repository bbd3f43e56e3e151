package dev.confiture.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to run and how often.
 *
 * @param migrations how many generated migrations (P1, P2, P3, P4)
 * @param tenants how many tenant schemas (P5)
 * @param tenantMigrations how many generated migrations each tenant gets (P5)
 * @param fleetDatabases how many databases (P7)
 * @param fleetMigrations how many generated migrations each database gets (P7)
 * @param warmup untimed warm-up rounds before the measured ones, per case
 * @param repetitions measured rounds per case and contender, each on a fresh database
 * @param requests measured {@code GET /actuator/confiture} requests (P4)
 * @param warmupRequests untimed requests before them (P4)
 * @param cases the cases to run
 * @param output where the JSON result file goes
 * @param scale P10's two sizes
 * @param readme the README whose performance table the run rewrites, if any
 * @param largeFileMb the size of the migration file P12 generates, in MiB
 * @param realSet a real migration set in diesel's layout for P13 ({@code --real-set} or {@code CONFITURE_BENCH_REAL_SET}),
 * or {@code null} to skip P13
 * @param durable whether the embedded server runs with production durability ({@code fsync} and
 * {@code full_page_writes} on, as PostgreSQL's defaults), which is what users pay; an external server is as it is
 */
public record BenchmarkOptions(int migrations, int tenants, int tenantMigrations, int fleetDatabases,
        int fleetMigrations, int warmup, int repetitions, int requests, int warmupRequests, Set<BenchmarkCase> cases,
        Path output, boolean durable, List<Integer> scale, @Nullable Path readme,
        int largeFileMb, @Nullable Path realSet) {

    static final String USAGE = """
            Usage: java -jar confiture-benchmarks.jar [options]
              --migrations=N       generated migrations per case (default 1000)
              --tenants=N          tenant schemas for P5 (default 200)
              --tenant-migrations=N  generated migrations per tenant for P5 (default 50)
              --fleet-databases=N  databases for P7 (default 100)
              --fleet-migrations=N generated migrations per database for P7 (default 50)
              --warmup=N           untimed warm-up rounds per case (default 2)
              --repetitions=N      measured rounds per case and contender (default 5)
              --requests=N         measured GET /actuator/confiture requests for P4 (default 1000)
              --warmup-requests=N  untimed requests before them (default 200)
              --cases=P1,...,P13   which cases (default all)
              --large-file-mb=N    the size of P12's migration file of INSERTs, in MiB (default 50)
              --output=FILE        the JSON result file (default: benchmark-results.json next to the jar)
              --scale=A,B          P10's two sizes, the second ten times the first (default 1000,10000)
              --quick              smaller sizes and fewer rounds for every case, under 5 minutes on 2 cores (the
                                   options after it still apply); its ratios are not the targets' conditions
              --readme=FILE        after the run, write the table into FILE's performance-table block, naming
                                   the results file as --output gives it (run from the repository's root)
              --durable=BOOL       the embedded server with fsync and full_page_writes on, as PostgreSQL's
                                   defaults (default true; false: the test suite's throw-away settings, both off)
              --real-set=DIR       P13's real migration set, diesel's layout (DIR/<name>/up.sql, or DIR/migrations/...);
                                   default $CONFITURE_BENCH_REAL_SET; without either P13 is skipped.
                                   confiture-benchmarks/scripts/real-schema-benchmark.sh fetches Lemmy's and runs P13
            Set CONFITURE_TEST_JDBC_URL to use an existing PostgreSQL server instead of the embedded one.""";

    /**
     * @param migrations must be at least 1
     */
    public BenchmarkOptions {
        if (migrations < 1 || tenants < 1 || tenantMigrations < 1 || fleetDatabases < 1 || fleetMigrations < 1 || warmup < 0 || repetitions < 1 || requests < 1 || warmupRequests < 0 || largeFileMb < 1) {
            throw new IllegalArgumentException("migrations, tenants, repetitions and requests must be at least 1, "
                    + "warm-ups at least 0");
        }
        cases = Set.copyOf(cases);
        scale = List.copyOf(scale);
        if (scale.size() != 2 || scale.get(0) < 1 || scale.get(1) < scale.get(0)) {
            throw new IllegalArgumentException("--scale takes two sizes, the smaller first");
        }
    }

    /**
     * @return these options with P4's request counts replaced (P10 asks fewer at each size)
     */
    BenchmarkOptions withRequests(int measured, int warmupRequests) {
        return new BenchmarkOptions(migrations, tenants, tenantMigrations, fleetDatabases, fleetMigrations, warmup,
                repetitions, measured, warmupRequests, cases, output, durable, scale, readme, largeFileMb, realSet);
    }

    /**
     * @param args {@code --name=value} or {@code --name value}
     * @return the options
     * @throws IllegalArgumentException on an unknown option or a bad value
     */
    public static BenchmarkOptions parse(String... args) {
        int migrations = 1000;
        int tenants = 200;
        int tenantMigrations = 50;
        int fleetDatabases = 100;
        int fleetMigrations = 50;
        int warmup = 2;
        int repetitions = 5;
        int requests = 1000;
        int warmupRequests = 200;
        Set<BenchmarkCase> cases = EnumSet.allOf(BenchmarkCase.class);
        Path output = defaultOutput();
        boolean durable = true;
        List<Integer> scale = List.of(1000, 10000);
        Path readme = null;
        int largeFileMb = 50;
        String fromEnvironment = System.getenv(RealSchemaBenchmark.VARIABLE);
        Path realSet = (fromEnvironment == null || fromEnvironment.isBlank()) ? null : Path.of(fromEnvironment);
        List<String> list = new ArrayList<>(List.of(args));
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("--quick")) {
                migrations = 200;
                tenants = 20;
                tenantMigrations = 20;
                fleetDatabases = 10;
                fleetMigrations = 20;
                warmup = 1;
                repetitions = 3;
                requests = 200;
                warmupRequests = 50;
                scale = List.of(100, 1000);
                largeFileMb = 5;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            else if (i + 1 < list.size()) {
                value = list.get(++i);
            }
            else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            switch (name) {
                case "migrations" -> migrations = number(name, value);
                case "tenants" -> tenants = number(name, value);
                case "tenant-migrations" -> tenantMigrations = number(name, value);
                case "fleet-databases" -> fleetDatabases = number(name, value);
                case "fleet-migrations" -> fleetMigrations = number(name, value);
                case "warmup" -> warmup = number(name, value);
                case "repetitions" -> repetitions = number(name, value);
                case "requests" -> requests = number(name, value);
                case "warmup-requests" -> warmupRequests = number(name, value);
                case "cases" -> {
                    cases = EnumSet.noneOf(BenchmarkCase.class);
                    for (String id : value.split(",")) {
                        cases.add(BenchmarkCase.valueOf(id.trim().toUpperCase(Locale.ROOT)));
                    }
                }
                case "output" -> output = Path.of(value);
                case "readme" -> readme = Path.of(value);
                case "scale" -> {
                    List<Integer> sizes = new ArrayList<>();
                    for (String size : value.split(",")) {
                        sizes.add(number(name, size.trim()));
                    }
                    scale = sizes;
                }
                case "large-file-mb" -> largeFileMb = number(name, value);
                case "durable" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("--durable takes true or false, not '" + value + "'");
                    }
                    durable = Boolean.parseBoolean(value);
                }
                case "real-set" -> {
                    realSet = Path.of(value);
                    if (!java.nio.file.Files.isDirectory(realSet)) {
                        throw new IllegalArgumentException("--real-set: " + realSet.toAbsolutePath() + " is not a directory");
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option --" + name);
            }
        }
        return new BenchmarkOptions(migrations, tenants, tenantMigrations, fleetDatabases, fleetMigrations, warmup, repetitions, requests, warmupRequests,
                cases, output, durable, scale, readme, largeFileMb, realSet);
    }

    /**
     * {@code benchmark-results.json} beside the jar when run with {@code java -jar}, else in {@code target/}.
     */
    private static Path defaultOutput() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            Path parent = Path.of(classPath).toAbsolutePath().getParent();
            if (parent != null) {
                return parent.resolve("benchmark-results.json");
            }
        }
        return Path.of("target", "benchmark-results.json");
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " needs a number, was '" + value + "'", ex);
        }
    }
}
