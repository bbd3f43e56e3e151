package dev.confiture.config;

/**
 * What migrate does when a migration fails ({@code confiture.on-failure}).
 */
public enum OnFailure {

    /**
     * Stop: the failed migration is rolled back (or, without a transaction, stops at the failed
     * statement); the migrations applied earlier in the run stay applied.
     */
    FAIL,

    /**
     * Stop, and revert the migrations applied earlier in the same run with their down scripts, in
     * reverse order, so the schema is as it was before the run. Every migration the run may apply
     * needs a down script: migrate refuses to start otherwise.
     */
    ROLLBACK_RUN
}
