package dev.confiture.benchmarks;

/**
 * The measured cases.
 */
public enum BenchmarkCase {

    /** Startup check: migrate with every migration applied and nothing pending, as every service start does. */
    P1("startup check, nothing pending"),

    /** Applying every generated migration to an empty database. */
    P2("apply all to an empty database"),

    /** Build from DDL versus replaying the migrations (Confiture only). */
    P3("build from DDL vs replay"),

    /** {@code GET /actuator/confiture} latency over loopback with every migration applied. */
    P4("GET /actuator/confiture latency"),

    /** Schema-per-tenant: the same migrations applied to many schemas, parallelism 4 versus 1. */
    P5("tenants, parallelism 4 vs 1"),

    /** The zero-downtime analysis ({@code migrate plan}) of every generated migration, all pending. */
    P6("migrate plan, all pending"),

    /** Many databases: the same migrations applied to each database of a fleet, parallelism 8 versus 1. */
    P7("databases, parallelism 8 vs 1"),

    /** The startup check in a fresh JVM per round, as a service start pays it: the whole process and migrate() in it. */
    P8("startup check, fresh JVM"),

    /** Build from DDL of a real schema (a real migration set's pg_dump) against psql of the same files, and replay. */
    P13("build from DDL of a real schema vs psql");

    private final String title;

    BenchmarkCase(String title) {
        this.title = title;
    }

    /**
     * @return a short description
     */
    public String title() {
        return title;
    }
}
