package dev.confiture.safety;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.confiture.api.Severity;
import org.jspecify.annotations.Nullable;

/**
 * The rules of the zero-downtime analysis: what a statement does to a live table, and the safe way to do it. Rules are
 * data: an id a file can allow ({@code -- confiture: allow=rule-id}), a severity, and the recipe. The set is versioned
 * with {@link #VERSION}: a rule's meaning never changes under the same version.
 */
public enum SafetyRule {

    /** CREATE INDEX without CONCURRENTLY on a table that exists: writes wait for the whole build. */
    INDEX_NOT_CONCURRENT("index-not-concurrent", Severity.ERROR,
            "builds the index holding a SHARE lock: writes to the table wait until it is built",
            "create the index CONCURRENTLY, in a migration of its own (it then runs outside a transaction)"),

    /** DROP INDEX without CONCURRENTLY: reads and writes wait. */
    DROP_INDEX_NOT_CONCURRENT("drop-index-not-concurrent", Severity.NOTE,
            "drops the index holding an ACCESS EXCLUSIVE lock on its table",
            "DROP INDEX CONCURRENTLY, in a migration of its own"),

    /** ADD COLUMN with a volatile default: the table is rewritten under ACCESS EXCLUSIVE. */
    ADD_COLUMN_VOLATILE_DEFAULT("add-column-volatile-default", Severity.ERROR,
            "adds a column whose default is volatile: the whole table is rewritten while reads and writes wait",
            "add the column without a default (or with a constant one), then backfill in batches"),

    /** ALTER COLUMN TYPE: the table is rewritten unless the types are binary-compatible. */
    ALTER_COLUMN_TYPE("alter-column-type", Severity.ERROR,
            "changes a column's type: unless the types are binary-compatible (varchar to text, a longer varchar), "
                    + "the table and its indexes are rewritten while reads and writes wait",
            "add a new column, write to both, backfill in batches, switch the reads, then drop the old column"),

    /** ALTER COLUMN TYPE to text or varchar: no rewrite from varchar or text, a rewrite from anything else. */
    ALTER_COLUMN_TYPE_TO_TEXT("alter-column-type-to-text", Severity.NOTE,
            "changes a column's type to text or varchar: binary-compatible from varchar (no rewrite, a brief ACCESS "
                    + "EXCLUSIVE lock), but a rewrite from any other type",
            "if the column is not a varchar or text now, treat it as alter-column-type"),

    /** REINDEX without CONCURRENTLY. */
    REINDEX_NOT_CONCURRENT("reindex-not-concurrent", Severity.ERROR,
            "rebuilds indexes holding locks that block writes to the table (and reads through those indexes)",
            "REINDEX ... CONCURRENTLY (PostgreSQL 12+), outside a transaction"),

    /** A DO block: its dynamic SQL is not read. */
    NOT_ANALYSED("not-analysed", Severity.NOTE,
            "runs code (a DO block) whose statements the analysis cannot read",
            "check by hand what it locks, or write its statements as SQL"),

    /** SET NOT NULL: a full scan under ACCESS EXCLUSIVE. */
    SET_NOT_NULL("set-not-null", Severity.NOTE,
            "sets NOT NULL: the table is scanned while reads and writes wait (PostgreSQL 12+ skips the scan when a "
                    + "valid CHECK (column IS NOT NULL) exists)",
            "add CHECK (column IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL"),

    /** ADD CONSTRAINT FOREIGN KEY or CHECK without NOT VALID: the table is scanned under the lock. */
    CONSTRAINT_WITHOUT_NOT_VALID("constraint-without-not-valid", Severity.ERROR,
            "adds a foreign key or check constraint that is checked against every row while the lock is held",
            "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a later migration (it takes a weaker lock)"),

    /** ADD CONSTRAINT UNIQUE or PRIMARY KEY without USING INDEX: an index is built under ACCESS EXCLUSIVE. */
    CONSTRAINT_BUILDS_INDEX("constraint-builds-index", Severity.ERROR,
            "adds a unique or primary key constraint, building its index while reads and writes wait",
            "CREATE UNIQUE INDEX CONCURRENTLY in its own migration, then ADD CONSTRAINT ... USING INDEX"),

    /** RENAME of a table or column: the running application's queries break. */
    RENAME("rename", Severity.NOTE,
            "renames a table or column that the application running now still uses by its old name",
            "expand and contract: add the new name (a new column written by both versions, or a view), deploy, then "
                    + "remove the old name in a later migration"),

    /** DROP COLUMN or DROP TABLE: the running application's queries break. */
    DROP_IN_USE("drop", Severity.NOTE,
            "drops a table or column that the application running now may still use",
            "drop it in a later migration, once no running build uses it (a contract migration)"),

    /** VACUUM FULL, CLUSTER or SET TABLESPACE: the table is rewritten under ACCESS EXCLUSIVE. */
    REWRITE_COMMAND("table-rewrite", Severity.ERROR,
            "rewrites the whole table while reads and writes wait",
            "run it outside the deploy, in a maintenance window, or use pg_repack"),

    /** REFRESH MATERIALIZED VIEW without CONCURRENTLY: reads of the view wait. */
    REFRESH_NOT_CONCURRENT("refresh-not-concurrent", Severity.NOTE,
            "refreshes the materialized view holding an ACCESS EXCLUSIVE lock: its readers wait",
            "REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view)"),

    /** LOCK TABLE in ACCESS EXCLUSIVE mode. */
    EXPLICIT_LOCK("explicit-lock", Severity.NOTE,
            "locks the table explicitly in a mode that blocks its readers or writers",
            "lock only what the migration needs, for as short as it can"),

    /** A file declared {@code risk=low} that rewrites a table or breaks an error rule. */
    RISK_UNDERSTATED("risk-understated", Severity.NOTE,
            "is declared risk=low, but the analysis finds that it rewrites a table or breaks an error rule",
            "raise the risk header to what the migration does, or make it safe with the recipes above");

    /** The version of the rule set: the analysis reports it, so that a result names the rules it applied. */
    public static final int VERSION = 1;

    private final String id;

    private final Severity severity;

    private final String problem;

    private final String recipe;

    SafetyRule(String id, Severity severity, String problem, String recipe) {
        this.id = id;
        this.severity = severity;
        this.problem = problem;
        this.recipe = recipe;
    }

    /** @return the id a file allows it by, e.g. {@code index-not-concurrent} */
    @JsonValue
    public String id() {
        return id;
    }

    /** @return how serious a finding of this rule is */
    public Severity severity() {
        return severity;
    }

    /** @return what the statement does, as a sentence without subject */
    public String problem() {
        return problem;
    }

    /** @return the safe way to get the same result */
    public String recipe() {
        return recipe;
    }

    /**
     * @param id a rule id
     * @return that rule, or {@code null}
     */
    public static @Nullable SafetyRule byId(String id) {
        for (SafetyRule rule : values()) {
            if (rule.id.equals(id)) {
                return rule;
            }
        }
        return null;
    }
}
