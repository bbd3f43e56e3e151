package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NonTransactionalDetectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            CREATE INDEX CONCURRENTLY i ON t (x)                          | CREATE INDEX CONCURRENTLY
            create unique index concurrently if not exists i on t (x)     | CREATE INDEX CONCURRENTLY
            CREATE INDEX concurrently ON t (x)                            | CREATE INDEX CONCURRENTLY
            CREATE /* c */ INDEX -- c\\n CONCURRENTLY i ON t (x)          | CREATE INDEX CONCURRENTLY
            DROP INDEX CONCURRENTLY IF EXISTS i                           | DROP INDEX CONCURRENTLY
            REINDEX INDEX CONCURRENTLY i                                  | REINDEX CONCURRENTLY
            REINDEX TABLE CONCURRENTLY s.t                                | REINDEX CONCURRENTLY
            REINDEX SCHEMA CONCURRENTLY s                                 | REINDEX CONCURRENTLY
            REINDEX DATABASE CONCURRENTLY d                               | REINDEX CONCURRENTLY
            REINDEX (VERBOSE) TABLE CONCURRENTLY t                        | REINDEX CONCURRENTLY
            REINDEX (CONCURRENTLY) TABLE t                                | REINDEX CONCURRENTLY
            REINDEX (VERBOSE, CONCURRENTLY true) INDEX i                  | REINDEX CONCURRENTLY
            REINDEX (TABLESPACE ts, CONCURRENTLY on) TABLE t              | REINDEX CONCURRENTLY
            REINDEX DATABASE d                                            | REINDEX DATABASE
            REINDEX DATABASE                                              | REINDEX DATABASE
            REINDEX (VERBOSE) SYSTEM                                      | REINDEX SYSTEM
            reindex system d                                              | REINDEX SYSTEM
            REINDEX SCHEMA s                                              | REINDEX SCHEMA
            VACUUM                                                        | VACUUM
            VACUUM (ANALYZE, VERBOSE) t                                   | VACUUM
            vacuum full analyze t                                         | VACUUM
            CREATE DATABASE d                                             | CREATE DATABASE
            DROP DATABASE IF EXISTS d WITH (FORCE)                        | DROP DATABASE
            ALTER DATABASE d SET TABLESPACE ts                            | ALTER DATABASE ... SET TABLESPACE
            ALTER DATABASE "my db" SET TABLESPACE ts                      | ALTER DATABASE ... SET TABLESPACE
            CREATE TABLESPACE ts LOCATION '/data/ts'                      | CREATE TABLESPACE
            DROP TABLESPACE IF EXISTS ts                                  | DROP TABLESPACE
            ALTER SYSTEM SET work_mem = '64MB'                            | ALTER SYSTEM
            ALTER SYSTEM RESET ALL                                        | ALTER SYSTEM
            ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY                | ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY
            ALTER TABLE IF EXISTS s.p DETACH PARTITION "s"."p 1" CONCURRENTLY | ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY
            CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p       | CREATE SUBSCRIPTION
            DROP SUBSCRIPTION IF EXISTS s                                 | DROP SUBSCRIPTION
            ALTER SUBSCRIPTION s REFRESH PUBLICATION                      | ALTER SUBSCRIPTION ... REFRESH PUBLICATION
            ALTER SUBSCRIPTION s SET PUBLICATION p1, p2                   | ALTER SUBSCRIPTION ... SET PUBLICATION with refresh
            ALTER SUBSCRIPTION s ADD PUBLICATION p WITH (copy_data = false) | ALTER SUBSCRIPTION ... ADD PUBLICATION with refresh
            ALTER SUBSCRIPTION s DROP PUBLICATION p WITH (refresh)        | ALTER SUBSCRIPTION ... DROP PUBLICATION with refresh
            COMMIT PREPARED 'tx1'                                         | COMMIT PREPARED
            rollback prepared 'tx1'                                       | ROLLBACK PREPARED
            DISCARD ALL                                                   | DISCARD ALL
            CLUSTER                                                       | CLUSTER without a table name
            CLUSTER VERBOSE                                               | CLUSTER without a table name
            CLUSTER (VERBOSE)                                             | CLUSTER without a table name
            """)
    void recognizesCommandsThatRefuseTransactionBlocks(String sql, String command) {
        SqlStatement statement = single(sql.replace("\\n", "\n"));
        assertThat(statement.nonTransactionalReason()).isEqualTo(command + " cannot run inside a transaction block");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "CREATE INDEX i ON t (x)",
        "CREATE UNIQUE INDEX i ON t (x)",
        "CREATE INDEX concurrently_idx ON t (x)",
        "CREATE INDEX \"concurrently\" ON t (x)",
        "CREATE INDEX i ON t (concurrently)",
        "DROP INDEX i",
        "DROP INDEX concurrently_idx",
        "REINDEX INDEX i",
        "REINDEX TABLE t",
        "REINDEX (VERBOSE) TABLE t",
        "REINDEX (CONCURRENTLY false) TABLE t",
        "REINDEX (CONCURRENTLY off, VERBOSE) INDEX i",
        "REINDEX (CONCURRENTLY 0) INDEX i",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
        "ANALYZE t",
        "SELECT 'VACUUM'",
        "SELECT 1 -- VACUUM",
        "-- CREATE INDEX CONCURRENTLY i ON t (x)\nCREATE INDEX i ON t (x)",
        "/* DROP DATABASE d */ SELECT 1",
        "SELECT $$CREATE DATABASE d$$",
        "CREATE TABLE vacuum (id int)",
        "CREATE TABLE \"database\" (id int)",
        "ALTER DATABASE d SET work_mem = '64MB'",
        "ALTER DATABASE d SET tablespace TO 'x'",
        "ALTER DATABASE d RENAME TO e",
        "ALTER TABLESPACE ts RENAME TO ts2",
        "ALTER TABLE t SET TABLESPACE ts",
        "ALTER TABLE p DETACH PARTITION p1",
        "ALTER TABLE p DETACH PARTITION p1 FINALIZE",
        "ALTER TABLE t ADD COLUMN \"concurrently\" int",
        "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)",
        "ALTER SUBSCRIPTION s ADD PUBLICATION p WITH (copy_data = true, refresh = off)",
        "ALTER SUBSCRIPTION s DISABLE",
        "ALTER SUBSCRIPTION s SET (slot_name = NONE)",
        "COMMIT",
        "ROLLBACK",
        "PREPARE TRANSACTION 'tx1'",
        "DISCARD PLANS",
        "CLUSTER t",
        "CLUSTER VERBOSE t USING i",
        "CLUSTER (VERBOSE) t",
        "DO $$ BEGIN EXECUTE 'VACUUM'; END $$",
        "CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
        "COMMENT ON TABLE t IS 'run VACUUM later'"
    })
    void leavesOrdinaryStatementsAndLookAlikesAlone(String sql) {
        assertThat(single(sql).nonTransactionalReason()).isNull();
    }

    @Test
    void detectionIsPerStatement() {
        SqlScript script = SqlScriptParser.parse("CREATE TABLE t (x int);\nCREATE INDEX CONCURRENTLY i ON t (x);\n"
                + "VACUUM t;", "test");
        assertThat(script.statements()).extracting(SqlStatement::nonTransactionalReason).containsExactly(null,
                "CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
                "VACUUM cannot run inside a transaction block");
        assertThat(script.requiresNonTransactional()).isTrue();
        assertThat(script.nonTransactionalReason())
                .isEqualTo("CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    }

    @Test
    void ordinaryScriptDoesNotRequireNonTransactional() {
        SqlScript script = SqlScriptParser.parse("CREATE TABLE t (x int); -- VACUUM t;\nSELECT 'VACUUM';", "test");
        assertThat(script.requiresNonTransactional()).isFalse();
        assertThat(script.nonTransactionalReason()).isNull();
    }

    @Test
    void emptyScriptDoesNotRequireNonTransactional() {
        SqlScript script = SqlScriptParser.parse("-- nothing", "test");
        assertThat(script.requiresNonTransactional()).isFalse();
        assertThat(script.nonTransactionalReason()).isNull();
    }

    @Test
    void longSubscriptionPublicationListBeyondTheHeadIsTreatedAsRefreshing() {
        String publications = String.join(", ", Collections.nCopies(100, "p"));
        assertThat(single("ALTER SUBSCRIPTION s SET PUBLICATION " + publications + " WITH (refresh = false)")
                .nonTransactionalReason()).isEqualTo(
                        "ALTER SUBSCRIPTION ... SET PUBLICATION with refresh cannot run inside a transaction block");
    }

    private static SqlStatement single(String sql) {
        SqlScript script = SqlScriptParser.parse(sql, "test");
        assertThat(script.statements()).hasSize(1);
        return script.statements().get(0);
    }
}
