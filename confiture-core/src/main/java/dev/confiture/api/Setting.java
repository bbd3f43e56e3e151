package dev.confiture.api;

/**
 * The settings and operations that messages tell users to change or run, named abstractly: core writes
 * {@link #token()} into a hint, and whoever shows it renders the name in the caller's words ({@link Wording}): the
 * Java API's builder method, the starter's property, the command line's flag or command.
 */
public enum Setting {

    /** Where the migration files are. */
    LOCATIONS("locations"),
    /** The environment written into every event and checked by the approval gate. */
    ENVIRONMENT("environment"),
    /** The tracking table's schema. */
    SCHEMA("schema"),
    /** The tracking table. */
    TABLE("table"),
    /** The version to migrate up to. */
    TARGET("target"),
    /** Whether pending migrations older than the newest applied one are applied. */
    OUT_OF_ORDER("outOfOrder"),
    /** How long to wait for another migrator. */
    LOCK_WAIT("lockWait"),
    /** PostgreSQL {@code lock_timeout} per migration. */
    LOCK_TIMEOUT("lockTimeout"),
    /** PostgreSQL {@code statement_timeout} per migration. */
    STATEMENT_TIMEOUT("statementTimeout"),
    /** How often a migration that hit lock_timeout is retried. */
    LOCK_TIMEOUT_RETRIES("lockTimeoutRetries"),
    /** The version to baseline through. */
    BASELINE_VERSION("baselineVersion"),
    /** The database to connect to (URL, user, password). */
    DATA_SOURCE("dataSource"),
    /** Which findings of the zero-downtime analysis stop migrate. */
    SAFETY_FAIL_ON("safetyFailOn"),

    /** How long after its last heartbeat an application instance stops counting as live. */
    INSTANCE_EXPIRE_AFTER("instanceExpireAfter"),

    /** Whether contract migrations are held while older builds are live. */
    HOLD_CONTRACT("holdContract"),

    /** Whether clean may drop everything in the configured schemas. */
    CLEAN_ENABLED("cleanEnabled"),

    /** The values of placeholders in SQL migrations. */
    PLACEHOLDERS("placeholders"),

    /** The tenant schemas, listed. */
    TENANT_SCHEMAS("tenantSchemas"),
    /** The tenant schemas, from a query. */
    TENANT_QUERY("tenantQuery"),
    /** How many tenants migrate at once. */
    TENANT_PARALLELISM("tenantParallelism"),
    /** The operation that approves a migration's file. */
    APPROVE("approve"),
    /** The operation that repairs the tracking state. */
    REPAIR("repair"),
    /** The operation that reverts migrations. */
    DOWN("down");

    private final String javaName;

    Setting(String javaName) {
        this.javaName = javaName;
    }

    /**
     * @return the name in the Java API: the builder method of {@code ConfitureConfiguration} or the method of
     * {@code Confiture}
     */
    public String javaName() {
        return javaName;
    }

    /**
     * @return the placeholder a message carries until it is rendered, e.g. {@code {{outOfOrder}}}
     */
    public String token() {
        return "{{" + javaName + "}}";
    }

    /**
     * @return whether it is an operation rather than a setting
     */
    public boolean isOperation() {
        return this == APPROVE || this == REPAIR || this == DOWN;
    }
}
