package dev.confiture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.safety.LockMode;
import dev.confiture.safety.MigrationAnalysis;
import dev.confiture.safety.SafetyAnalyzer;
import dev.confiture.safety.StatementAnalysis;
import dev.confiture.sql.SqlScriptParser;
import dev.confiture.sql.SqlStatement;
import dev.confiture.testing.postgres.PostgresExtension;
import dev.confiture.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zero-downtime analysis predicts, from a statement's text, the lock it takes, whether it rewrites the table and
 * which rule it breaks. Each prediction is checked here against what PostgreSQL really does: the statement runs in a
 * transaction, its session's locks are read from {@code pg_locks} and the table's {@code relfilenode} before and
 * after tells a rewrite. Runs on the oldest, default and newest supported majors.
 */
@ExtendWith(PostgresExtension.class)
class SafetyLocksTest {

    private static final String SETUP = "CREATE TABLE p (id int PRIMARY KEY); INSERT INTO p VALUES (1); "
            + "CREATE TABLE t (id int PRIMARY KEY, a int, v varchar(10)); INSERT INTO t SELECT g, 1, 'x' FROM generate_series(1, 50) g; "
            + "ALTER TABLE t ADD CONSTRAINT ck_nv CHECK (a > 0) NOT VALID; CREATE MATERIALIZED VIEW m AS SELECT id FROM t; "
            + "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; "
            + "CREATE FUNCTION my_rand() RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN 1; END $$; "
            + "CREATE TABLE parted (k int) PARTITION BY RANGE (k); CREATE TABLE loose (k int)";

    static Stream<Arguments> statements() {
        return Stream.of(
                Arguments.of("CREATE INDEX i_a ON t (a)", "t", LockMode.SHARE, false, "index-not-concurrent"),
                Arguments.of("ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()", "t", LockMode.ACCESS_EXCLUSIVE,
                        true, "add-column-volatile-default"),
                Arguments.of("ALTER TABLE t ADD COLUMN d int DEFAULT 0", "t", LockMode.ACCESS_EXCLUSIVE, false, null),
                Arguments.of("ALTER TABLE t ALTER COLUMN a TYPE bigint", "t", LockMode.ACCESS_EXCLUSIVE, true,
                        "alter-column-type"),
                Arguments.of("ALTER TABLE t ALTER COLUMN a SET NOT NULL", "t", LockMode.ACCESS_EXCLUSIVE, false, "set-not-null"),
                Arguments.of("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id)", "t",
                        LockMode.SHARE_ROW_EXCLUSIVE, false, "constraint-without-not-valid"),
                Arguments.of("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id) NOT VALID", "t",
                        LockMode.SHARE_ROW_EXCLUSIVE, false, null),
                Arguments.of("ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0)", "t", LockMode.ACCESS_EXCLUSIVE, false,
                        "constraint-without-not-valid"),
                Arguments.of("ALTER TABLE t VALIDATE CONSTRAINT ck_nv", "t", LockMode.SHARE_UPDATE_EXCLUSIVE, false, null),
                Arguments.of("ALTER TABLE t ADD CONSTRAINT u_a UNIQUE (a, id)", "t", LockMode.ACCESS_EXCLUSIVE, false,
                        "constraint-builds-index"),
                Arguments.of("ALTER TABLE t RENAME COLUMN a TO b", "t", LockMode.ACCESS_EXCLUSIVE, false, "rename"),
                Arguments.of("ALTER TABLE t DROP COLUMN v", "t", LockMode.ACCESS_EXCLUSIVE, false, "drop"),
                Arguments.of("ALTER TABLE t SET UNLOGGED", "t", LockMode.ACCESS_EXCLUSIVE, true, "table-rewrite"),
                Arguments.of("CLUSTER t USING t_pkey", "t", LockMode.ACCESS_EXCLUSIVE, true, "table-rewrite"),
                Arguments.of("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", "t",
                        LockMode.SHARE_ROW_EXCLUSIVE, false, null),
                Arguments.of("LOCK TABLE t IN SHARE MODE", "t", LockMode.SHARE, false, null),
                Arguments.of("LOCK TABLE t", "t", LockMode.ACCESS_EXCLUSIVE, false, "explicit-lock"),
                Arguments.of("REFRESH MATERIALIZED VIEW m", "m", LockMode.ACCESS_EXCLUSIVE, true, "refresh-not-concurrent"),
                Arguments.of("ALTER TABLE t ALTER COLUMN a SET STATISTICS 200", "t", LockMode.SHARE_UPDATE_EXCLUSIVE, false,
                        null),
                Arguments.of("TRUNCATE t, p CASCADE", "t", LockMode.ACCESS_EXCLUSIVE, true, null),
                Arguments.of("DROP TABLE t CASCADE", "t", LockMode.ACCESS_EXCLUSIVE, false, "drop"),
                // found by a hostile pass: each of these was predicted wrongly before
                Arguments.of("ALTER TABLE t ADD COLUMN s1 bigserial", "t", LockMode.ACCESS_EXCLUSIVE, true,
                        "add-column-volatile-default"),
                Arguments.of("ALTER TABLE t ADD COLUMN s2 int GENERATED ALWAYS AS IDENTITY", "t", LockMode.ACCESS_EXCLUSIVE,
                        true, "add-column-volatile-default"),
                Arguments.of("ALTER TABLE t ADD COLUMN s3 int DEFAULT my_rand()", "t", LockMode.ACCESS_EXCLUSIVE, true,
                        "add-column-volatile-default"),
                Arguments.of("ALTER TABLE t ADD COLUMN s4 timestamptz DEFAULT now()", "t", LockMode.ACCESS_EXCLUSIVE,
                        false, null),
                Arguments.of("ALTER TABLE t ADD COLUMN s5 int UNIQUE", "t", LockMode.ACCESS_EXCLUSIVE, false,
                        "constraint-builds-index"),
                Arguments.of("ALTER TABLE t ADD CONSTRAINT u2 UNIQUE (id, v) USING INDEX TABLESPACE pg_default", "t",
                        LockMode.ACCESS_EXCLUSIVE, false, "constraint-builds-index"),
                Arguments.of("ALTER TABLE t ALTER COLUMN v TYPE varchar(20)", "t", LockMode.ACCESS_EXCLUSIVE, false,
                        "alter-column-type-to-text"),
                Arguments.of("ALTER TABLE t ALTER COLUMN v TYPE text", "t", LockMode.ACCESS_EXCLUSIVE, false,
                        "alter-column-type-to-text"),
                Arguments.of("ALTER TABLE t SET (fillfactor = 70)", "t", LockMode.SHARE_UPDATE_EXCLUSIVE, false, null),
                Arguments.of("ALTER TABLE t ALTER COLUMN a SET (n_distinct = 10)", "t", LockMode.SHARE_UPDATE_EXCLUSIVE,
                        false, null),
                Arguments.of("ALTER TABLE parted ATTACH PARTITION loose FOR VALUES FROM (0) TO (10)", "parted",
                        LockMode.SHARE_UPDATE_EXCLUSIVE, false, null),
                Arguments.of("REINDEX TABLE t", "t", LockMode.SHARE, false, "reindex-not-concurrent"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void thePredictedLockAndRewriteAreWhatPostgresDoes(String sql, String table, LockMode lock, boolean rewrite,
            @Nullable String rule, TestDatabase database) throws SQLException {
        Sql.execute(database, SETUP);
        StatementAnalysis predicted = analyze(sql);

        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            long oid = number(statement, "SELECT '" + table + "'::regclass::oid");
            Long before = nullableNumber(statement, "SELECT pg_relation_filenode('" + table + "')");
            statement.execute(sql);
            String held = text(statement, "SELECT mode FROM pg_locks WHERE locktype = 'relation' AND relation = " + oid
                    + " AND pid = pg_backend_pid() AND granted ORDER BY CASE mode WHEN 'AccessExclusiveLock' THEN 8 "
                    + "WHEN 'ExclusiveLock' THEN 7 WHEN 'ShareRowExclusiveLock' THEN 6 WHEN 'ShareLock' THEN 5 "
                    + "WHEN 'ShareUpdateExclusiveLock' THEN 4 WHEN 'RowExclusiveLock' THEN 3 ELSE 1 END DESC LIMIT 1");
            Long after = nullableNumber(statement, "SELECT pg_relation_filenode(" + oid + ")");
            connection.rollback();

            assertThat(predicted.lock()).as("lock of " + sql).isEqualTo(lock);
            assertThat(held).as("what PostgreSQL holds for " + sql).isEqualTo(lock.pgLocksName());
            assertThat(predicted.rewrite()).as("predicted rewrite of " + sql).isEqualTo(rewrite);
            if (before != null && after != null) { // null: dropped, or a partitioned table without storage of its own
                assertThat(!after.equals(before)).as("PostgreSQL rewrote the table for " + sql).isEqualTo(rewrite);
            }
            assertThat(predicted.findings()).extracting(finding -> finding.rule().id())
                    .as("rule of " + sql).isEqualTo((rule != null) ? List.of(rule) : List.of());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statementsOnANewTable")
    void aTableCreatedEarlierInTheRunRaisesNoFinding(String sql) {
        SafetyAnalyzer analyzer = new SafetyAnalyzer();
        MigrationAnalysis analysis = analyzer.analyze("001_x", "001_x.up.sql",
                SqlScriptParser.parse("CREATE TABLE t (id int, a int);\n" + sql + ";", "001_x.up.sql").statements(), Set.of());
        assertThat(analysis.findings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statementsOnATableThatMayExist")
    void aTableThatMayExistStillRaisesItsFinding(String sql) {
        MigrationAnalysis analysis = new SafetyAnalyzer().analyze("001_x", "001_x.up.sql",
                SqlScriptParser.parse(sql, "001_x.up.sql").statements(), Set.of());
        assertThat(analysis.findings()).extracting(finding -> finding.rule().id()).contains("index-not-concurrent");
    }

    static Stream<String> statementsOnATableThatMayExist() {
        return Stream.of("CREATE TABLE IF NOT EXISTS orders (id int);\nCREATE INDEX i ON orders (id);",
                "CREATE TABLE s2.orders (id int);\nCREATE INDEX i ON public.orders (id);",
                "CREATE TEMP TABLE orders (id int);\nCREATE INDEX i ON public.orders (id);",
                "CREATE TABLE t2 (id int);\nDROP TABLE t2;\nALTER TABLE orders RENAME TO t2;\nCREATE INDEX i ON t2 (id);",
                "VACUUM (VERBOSE, ANALYZE) orders;\nCREATE INDEX i ON orders (id);",
                "ALTER TABLE orders ADD COLUMN c0 int, " + "ADD COLUMN cx int, ".repeat(1500)
                        + "ADD COLUMN cy int;\nCREATE INDEX i ON orders (id);");
    }

    @Test
    void aNewTableRenamedStaysNewAndVacuumFullInParenthesesIsARewrite() {
        MigrationAnalysis renamed = new SafetyAnalyzer().analyze("001_x", "001_x.up.sql", SqlScriptParser.parse(
                "CREATE TABLE n (id int);\nALTER TABLE n RENAME TO n2;\nCREATE INDEX i ON n2 (id);", "x").statements(),
                Set.of());
        assertThat(renamed.findings()).isEmpty();
        MigrationAnalysis vacuum = new SafetyAnalyzer().analyze("001_x", "001_x.up.sql", SqlScriptParser.parse(
                "VACUUM (VERBOSE, ANALYZE, FULL) orders;\nVACUUM (FULL false) orders;", "x").statements(), Set.of());
        assertThat(vacuum.statements()).extracting(StatementAnalysis::rewrite).containsExactly(true, false);
    }

    @Test
    void aMaterializedViewCreatedInTheRunIsNewUnlessItMayHaveExisted() {
        MigrationAnalysis created = new SafetyAnalyzer().analyze("001_x", "001_x.up.sql", SqlScriptParser.parse(
                "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS id;\nCREATE UNIQUE INDEX i ON mv (id);\n"
                        + "REFRESH MATERIALIZED VIEW mv;", "x").statements(), Set.of());
        assertThat(created.findings()).isEmpty();
        MigrationAnalysis mayExist = new SafetyAnalyzer().analyze("001_x", "001_x.up.sql", SqlScriptParser.parse(
                "CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1 AS id;\nCREATE UNIQUE INDEX i ON mv (id);\n"
                        + "REFRESH MATERIALIZED VIEW mv;", "x").statements(), Set.of());
        assertThat(mayExist.findings()).extracting(finding -> finding.rule().id())
                .containsExactly("index-not-concurrent", "refresh-not-concurrent");
    }

    static Stream<String> statementsOnANewTable() {
        return Stream.of("CREATE INDEX i_a ON t (a)", "ALTER TABLE t ALTER COLUMN a TYPE bigint",
                "ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0)", "ALTER TABLE t ALTER COLUMN a SET NOT NULL");
    }

    private static StatementAnalysis analyze(String sql) {
        List<SqlStatement> statements = SqlScriptParser.parse(sql + ";", "case.sql").statements();
        return new SafetyAnalyzer().analyze("001_case", "case.sql", statements, Set.of()).statements().get(0);
    }

    private static long number(Statement statement, String sql) throws SQLException {
        Long value = nullableNumber(statement, sql);
        return (value != null) ? value : -1;
    }

    private static @Nullable Long nullableNumber(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getObject(1, Long.class) : null;
        }
    }

    private static @Nullable String text(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
