package dev.confiture.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptParserTest {

    private static final String SOURCE = "classpath:db/migration/001_init.up.sql";

    @Test
    void splitsOnTopLevelSemicolons() {
        assertThat(sqls("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n"))
                .containsExactly("CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)");
    }

    @Test
    void lastStatementNeedsNoSemicolon() {
        assertThat(sqls("SELECT 1; SELECT 2\n")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void emptyAndCommentOnlyScriptsHaveNoStatements() {
        assertThat(sqls("")).isEmpty();
        assertThat(sqls("  \n\t\r\n")).isEmpty();
        assertThat(sqls("-- only a comment; really\n/* and ; another /* nested */ */\n")).isEmpty();
        assertThat(sqls(";;\n ; -- x\n;")).isEmpty();
    }

    @Test
    void emptyStatementsProduceNothingAndIndexesCountReturnedStatements() {
        List<SqlStatement> statements = parse(";;SELECT 1;;\n-- c\n;SELECT 2;").statements();
        assertThat(statements).extracting(SqlStatement::sql).containsExactly("SELECT 1", "SELECT 2");
        assertThat(statements).extracting(SqlStatement::index).containsExactly(1, 2);
    }

    @Test
    void statementExcludesLeadingCommentsAndTrailingWhitespaceButKeepsInnerComments() {
        String script = "-- header\n/* doc */  SELECT 1 -- inner\n  + 2 /* two */ -- trailing\n  ;";
        SqlStatement statement = parse(script).statements().get(0);
        assertThat(statement.sql()).isEqualTo("SELECT 1 -- inner\n  + 2");
        assertThat(statement.offset()).isEqualTo(script.indexOf("SELECT"));
        assertThat(statement.line()).isEqualTo(2);
        assertThat(statement.column()).isEqualTo(12);
    }

    @Test
    void semicolonsInsideStringsDoNotSplit() {
        assertThat(sqls("SELECT 'a;b', 'it''s;'; SELECT 'C:\\'; SELECT 3"))
                .containsExactly("SELECT 'a;b', 'it''s;'", "SELECT 'C:\\'", "SELECT 3");
    }

    @Test
    void escapeStringsWithEscapedQuoteAndTrailingBackslash() {
        assertThat(sqls("SELECT E'it\\'s; here'; SELECT E'back\\\\'; SELECT e'x'';'"))
                .containsExactly("SELECT E'it\\'s; here'", "SELECT E'back\\\\'", "SELECT e'x'';'");
    }

    @Test
    void continuedEscapeStringKeepsBackslashEscapes() {
        assertThat(sqls("SELECT E'a' \n -- note\n 'b\\';c'; SELECT 2"))
                .containsExactly("SELECT E'a' \n -- note\n 'b\\';c'", "SELECT 2");
    }

    @Test
    void identifierEndingInPrefixLetterIsFollowedByStandardString() {
        assertThat(sqls("SELECT some'a\\'; SELECT name'x'"))
                .containsExactly("SELECT some'a\\'", "SELECT name'x'");
    }

    @Test
    void dollarQuotedBodiesKeepSemicolonsAndQuotes() {
        String script = """
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$
                BEGIN
                  PERFORM 'x;'; -- it's
                  RETURN $$;$$::int;
                END;
                $fn$;
                DO $$ BEGIN RAISE NOTICE 'a;b'; END $$;
                SELECT $body$ ' $x$ ; $body$;
                """;
        assertThat(sqls(script)).containsExactly("""
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$
                BEGIN
                  PERFORM 'x;'; -- it's
                  RETURN $$;$$::int;
                END;
                $fn$""", "DO $$ BEGIN RAISE NOTICE 'a;b'; END $$", "SELECT $body$ ' $x$ ; $body$");
    }

    @Test
    void positionalParameterAndDollarInIdentifiersAreNotDollarQuotes() {
        assertThat(sqls("PREPARE p(int) AS SELECT $1; SELECT a$b, x$$y FROM t$; SELECT 3"))
                .containsExactly("PREPARE p(int) AS SELECT $1", "SELECT a$b, x$$y FROM t$", "SELECT 3");
    }

    @Test
    void quotedIdentifiersKeepSemicolonsAndDoubledQuotes() {
        assertThat(sqls("CREATE TABLE \"a;\"\"b\" (\"c;\" int); SELECT 1"))
                .containsExactly("CREATE TABLE \"a;\"\"b\" (\"c;\" int)", "SELECT 1");
    }

    @Test
    void commentsHideSemicolonsAndQuotes() {
        assertThat(sqls("SELECT 1 -- it's; not the end\n+ 1; SELECT /* a /* b; */ ' c; */ 2"))
                .containsExactly("SELECT 1 -- it's; not the end\n+ 1", "SELECT /* a /* b; */ ' c; */ 2");
    }

    @Test
    void sqlStandardFunctionBodyWithCaseKeepsItsSemicolons() {
        String script = """
                CREATE OR REPLACE FUNCTION grade(score int) RETURNS text
                LANGUAGE sql
                BEGIN ATOMIC
                  SELECT CASE WHEN score > 90 THEN 'A' ELSE 'B' END;
                  SELECT (case when true then 'x' end);
                END;
                CREATE PROCEDURE p() begin atomic insert into t values (1); end;
                SELECT 3;
                """;
        List<String> sqls = sqls(script);
        assertThat(sqls).hasSize(3);
        assertThat(sqls.get(0)).startsWith("CREATE OR REPLACE FUNCTION grade").endsWith("'x' end);\nEND");
        assertThat(sqls.get(1)).isEqualTo("CREATE PROCEDURE p() begin atomic insert into t values (1); end");
        assertThat(sqls.get(2)).isEqualTo("SELECT 3");
    }

    @Test
    void beginAtomicCountsOnlyInRoutineDefinitions() {
        assertThat(sqls("SELECT 'begin atomic'; BEGIN; SELECT 1; END;"))
                .containsExactly("SELECT 'begin atomic'", "BEGIN", "SELECT 1", "END");
    }

    @Test
    void semicolonsInsideParenthesesDoNotSplitLikePsql() {
        assertThat(sqls("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); "
                + "SELECT 2"))
                .containsExactly("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))",
                        "SELECT 2");
    }

    @Test
    void unclosedParenthesisJoinsTheRestOfTheScriptLikePsql() {
        List<SqlStatement> statements = parse("SELECT (1;\nSELECT 2;").statements();
        assertThat(statements).extracting(SqlStatement::sql).containsExactly("SELECT (1;\nSELECT 2;");
        SqlStatement joined = statements.get(0);
        assertThat(joined.locate(SOURCE, joined.sql().indexOf(';') + 1).line()).isEqualTo(1);
        assertThat(joined.locate(SOURCE, joined.sql().indexOf("SELECT 2") + 1).line()).isEqualTo(2);
    }

    @Test
    void strayClosingParenthesisDoesNotStopSplitting() {
        assertThat(sqls("SELECT 1); SELECT 2")).containsExactly("SELECT 1)", "SELECT 2");
    }

    @Test
    void crlfLineEndingsKeepLinesRight() {
        String script = "-- header\r\nCREATE TABLE a (\r\n  id int\r\n);\r\n\r\n  INSERT INTO a VALUES (1);\r\n";
        List<SqlStatement> statements = parse(script).statements();
        assertThat(statements).extracting(SqlStatement::sql)
                .containsExactly("CREATE TABLE a (\r\n  id int\r\n)", "INSERT INTO a VALUES (1)");
        assertThat(statements).extracting(SqlStatement::line).containsExactly(2, 6);
        assertThat(statements).extracting(SqlStatement::column).containsExactly(1, 3);
    }

    @Test
    void loneCarriageReturnsAlsoEndLines() {
        List<SqlStatement> statements = parse("SELECT 1;\rSELECT 2;").statements();
        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 2);
    }

    @Test
    void lineAndColumnOfEachStatement() {
        String script = "SELECT 1; SELECT 2;\n\n\t  SELECT 3;\n/* x */ SELECT 4";
        List<SqlStatement> statements = parse(script).statements();
        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 1, 3, 4);
        assertThat(statements).extracting(SqlStatement::column).containsExactly(1, 11, 4, 9);
        assertThat(statements).extracting(SqlStatement::offset)
                .containsExactly(0, 10, script.indexOf("SELECT 3"), script.indexOf("SELECT 4"));
    }

    @Test
    void columnsCountCodePoints() {
        SqlStatement statement = parse("SELECT '😀😀'; SELECT 2").statements().get(1);
        assertThat(statement.offset()).isEqualTo(15);
        assertThat(statement.column()).isEqualTo(14);
    }

    @Test
    void everyStatementIsTheScriptTextAtItsOffset() {
        String script = "/*a*/ SELECT 1 ;\n-- b\nSELECT 'x' -- c\n;  SELECT \"y\"  ";
        for (SqlStatement statement : parse(script).statements()) {
            assertThat(script.substring(statement.offset(), statement.offset() + statement.sql().length()))
                    .isEqualTo(statement.sql());
        }
    }

    @Test
    void scriptKeepsItsSource() {
        assertThat(parse("SELECT 1").source()).isEqualTo(SOURCE);
    }

    @Test
    void locationOfTheStatementStart() {
        SqlStatement statement = parse("\n\n   SELECT 1").statements().get(0);
        assertThat(statement.location(SOURCE)).hasToString(SOURCE + ", line 3, column 4");
    }

    @Test
    void summaryIsTheFirstLineShortened() {
        List<SqlStatement> statements = parse("SELECT 1;\nCREATE TABLE t (\n id int\n);\nSELECT '"
                + "x".repeat(100) + "'").statements();
        assertThat(statements.get(0).summary()).isEqualTo("SELECT 1");
        assertThat(statements.get(1).summary()).isEqualTo("CREATE TABLE t ( …");
        assertThat(statements.get(2).summary()).hasSize(80).startsWith("SELECT 'xxx").endsWith("x…");
    }

    @Test
    void summaryDoesNotCutAnEmojiInHalf() {
        SqlStatement statement = parse("SELECT '" + "😀".repeat(100) + "'").statements().get(0);
        String summary = statement.summary();
        assertThat(summary.codePointCount(0, summary.length())).isEqualTo(80);
        assertThat(summary).endsWith("😀…");
    }

    private static SqlScript parse(String script) {
        return SqlScriptParser.parse(script, SOURCE);
    }

    private static List<String> sqls(String script) {
        return parse(script).statements().stream().map(SqlStatement::sql).toList();
    }
}
