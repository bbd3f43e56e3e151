package dev.confiture.spring.boot.autoconfigure;

/**
 * What the application does with migrations when it starts ({@code confiture.startup-mode}).
 */
public enum StartupMode {

    /** Apply pending migrations before the application starts; a failure stops the start. */
    MIGRATE,

    /**
     * Check the migrations without applying them: validation errors (a changed applied file, a
     * missing file, ...) stop the start; pending migrations do not, the health indicator reports
     * them as OUT_OF_SERVICE.
     */
    VALIDATE,

    /** Do nothing at startup. */
    NONE,

    /**
     * Start the application at once and apply pending migrations in the background: liveness is
     * CORRECT while they run, readiness is REFUSING_TRAFFIC until they succeed and stays refusing
     * if they fail, with the error in the health details. Beans that read the schema while starting
     * may see the old schema.
     */
    ASYNC
}
