package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionControlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            BEGIN                                              | BEGIN
            begin work                                         | BEGIN
            BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE     | BEGIN
            BEGIN READ ONLY                                    | BEGIN
            START TRANSACTION                                  | BEGIN
            start transaction read write                       | BEGIN
            COMMIT                                             | COMMIT
            COMMIT WORK                                        | COMMIT
            commit transaction                                 | COMMIT
            COMMIT AND CHAIN                                   | COMMIT
            END                                                | COMMIT
            end transaction                                    | COMMIT
            ROLLBACK                                           | ROLLBACK
            ROLLBACK WORK                                      | ROLLBACK
            rollback and no chain                              | ROLLBACK
            ABORT                                              | ROLLBACK
            abort transaction                                  | ROLLBACK
            COMMIT PREPARED 'tx'                               | NONE
            ROLLBACK PREPARED 'tx'                             | NONE
            ROLLBACK TO SAVEPOINT s                            | NONE
            ROLLBACK TO s                                      | NONE
            ROLLBACK WORK TO SAVEPOINT s                       | NONE
            ROLLBACK TRANSACTION TO s                          | NONE
            SAVEPOINT s                                        | NONE
            RELEASE SAVEPOINT s                                | NONE
            RELEASE s                                          | NONE
            PREPARE TRANSACTION 'tx'                           | NONE
            START                                              | NONE
            SELECT 1                                           | NONE
            "begin"                                            | NONE
            SELECT 'BEGIN'                                     | NONE
            """)
    void classifiesTopLevelStatements(String sql, TransactionControl expected) {
        List<SqlStatement> statements = SqlScriptParser.parse(sql, "test").statements();
        assertThat(statements).singleElement().extracting(SqlStatement::transactionControl).isEqualTo(expected);
    }

    @Test
    void beginInsideBodiesIsNeverSeen() {
        String script = """
                BEGIN;
                DO $$ BEGIN PERFORM 1; END $$;
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RETURN 1; END $f$;
                CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;
                -- COMMIT;
                COMMIT;
                """;
        assertThat(SqlScriptParser.parse(script, "test").statements())
                .extracting(SqlStatement::transactionControl)
                .containsExactly(TransactionControl.BEGIN, TransactionControl.NONE, TransactionControl.NONE,
                        TransactionControl.NONE, TransactionControl.COMMIT);
    }
}
