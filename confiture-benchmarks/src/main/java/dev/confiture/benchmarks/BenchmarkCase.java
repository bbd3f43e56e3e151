package dev.confiture.benchmarks;

/**
 * The measured cases.
 */
public enum BenchmarkCase {

    /** Startup check: migrate with every migration applied and nothing pending, as every service start does. */
    P1("startup check, nothing pending", Jvm.WARM),

    /** Applying every generated migration to an empty database. */
    P2("apply all to an empty database", Jvm.WARM),

    /** Build from DDL versus replaying the migrations (Confiture only). */
    P3("build from DDL vs replay", Jvm.WARM),

    /** {@code GET /actuator/confiture} latency over loopback with every migration applied. */
    P4("GET /actuator/confiture latency", Jvm.RUNNING_SERVICE),

    /** Schema-per-tenant: the same migrations applied to many schemas, parallelism 4 versus 1. */
    P5("tenants, parallelism 4 vs 1", Jvm.WARM),

    /** The zero-downtime analysis ({@code migrate plan}) of every generated migration, all pending. */
    P6("migrate plan, all pending", Jvm.WARM),

    /** Many databases: the same migrations applied to each database of a fleet, parallelism 8 versus 1. */
    P7("databases, parallelism 8 vs 1", Jvm.WARM),

    /** The startup check in a fresh JVM per round, as a service start pays it: the whole process and migrate() in it. */
    P8("startup check, fresh JVM", Jvm.FRESH),

    /** Applying every generated migration in a fresh JVM per round, against {@code psql -1} of the same SQL. */
    P9("apply all, fresh JVM, vs psql -1", Jvm.FRESH),

    /** Growth from one size to ten times more: apply, startup check, status JSON, actuator p99. */
    P10("scale, 10x the migrations", Jvm.FRESH),

    /** The time the Spring Boot starter adds to an application's start, fresh JVM, against Spring Boot's Flyway support. */
    P11("Spring Boot start, starter vs Flyway", Jvm.FRESH),

    /** One large migration file of INSERTs applied in a fresh JVM with a small heap, against {@code psql -1}. */
    P12("large migration file, -Xmx256m", Jvm.FRESH),

    /** Build from DDL of a real schema (a real migration set's pg_dump) against psql of the same files, and replay. */
    P13("build from DDL of a real schema vs psql", Jvm.WARM);

    /** Where a case's contenders run: what they pay for class loading and compilation. */
    enum Jvm {

        /** In the benchmark's JVM, after warm-up rounds: what a long-running process pays. */
        WARM("warm JVM, in process"),

        /** A new JVM per round and contender, timed as a whole process: what a deploy or a service start pays. */
        FRESH("fresh JVM per round"),

        /** Requests to a running Spring Boot service, after warm-up requests. */
        RUNNING_SERVICE("running service");

        private final String description;

        Jvm(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    private final String title;

    private final Jvm jvm;

    BenchmarkCase(String title, Jvm jvm) {
        this.title = title;
        this.jvm = jvm;
    }

    /**
     * @return where the contenders run
     */
    Jvm jvm() {
        return jvm;
    }

    /**
     * @return a short description
     */
    public String title() {
        return title;
    }
}
