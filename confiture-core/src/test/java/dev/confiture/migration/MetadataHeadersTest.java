package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataHeadersTest {

    private static final String SOURCE = "classpath:db/migration/001_init.up.sql";

    private static MigrationMetadata parse(String script) {
        return MetadataHeaders.parse(script, SOURCE);
    }

    private static ConfitureException failure(String script) {
        ConfitureException ex = catchThrowableOfType(ConfitureException.class, () -> parse(script));
        assertThat(ex).as("expected a ConfitureException for:%n%s", script).isNotNull();
        return ex;
    }

    @Test
    void noHeadersGiveNone() {
        assertThat(parse("")).isSameAs(MigrationMetadata.NONE);
        assertThat(parse("CREATE TABLE t (id int);\n")).isSameAs(MigrationMetadata.NONE);
        assertThat(parse("-- just a comment\n\nCREATE TABLE t (id int);")).isSameAs(MigrationMetadata.NONE);
        assertThat(MigrationMetadata.NONE).isEqualTo(
                new MigrationMetadata(null, null, null, false, null, null, null));
    }

    @Test
    void theHeaderWordIsCaseInsensitiveAndFoundWhereverItStarts() {
        assertThat(parse("-- CONFITURE: risk=high\nSELECT 1;").risk()).isEqualTo(Risk.HIGH);
        assertThat(parse("--Confiture:risk=low").risk()).isEqualTo(Risk.LOW);
        assertThat(failure("SELECT 1;\n-- cOnFiTuRe risk=high\n").code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(parse("-- conf\n-- iture: risk=high\nSELECT 1;")).isSameAs(MigrationMetadata.NONE);
    }

    @Test
    void headersMayFollowALeadingBlockComment() {
        assertThat(parse("/* Copyright 2026 ACME */\n-- confiture: risk=high\nSELECT 1;").risk()).isEqualTo(Risk.HIGH);
        assertThat(parse("/*\n * License: MIT\n * /* nested */ still the notice\n */\n\n-- confiture: transactional=false\n"
                + "SELECT 1;").transactional()).isFalse();
        assertThat(parse("/* -- confiture: risk=high is only text here */\nSELECT 1;")).isSameAs(MigrationMetadata.NONE);
    }

    @Test
    void aHeaderAfterSqlOnTheLineOfABlockCommentIsAfterTheFirstSqlLine() {
        ConfitureException ex = failure("/* note */ SELECT 1;\n-- confiture: risk=high\n");
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).contains("after the first SQL line (line 1)");
    }

    @Test
    void readsEveryKey() {
        MigrationMetadata metadata = parse("""
                -- Adds the orders table.
                -- confiture: risk=high
                -- confiture: duration=5m
                -- confiture: impact=breaking
                -- confiture: approval=required
                -- confiture: transactional=false
                -- confiture: lock-timeout=5s
                -- confiture: statement-timeout=10m

                CREATE TABLE orders (id bigint);
                """);
        assertThat(metadata).isEqualTo(new MigrationMetadata(Risk.HIGH, Duration.ofMinutes(5), Impact.BREAKING, true,
                false, Duration.ofSeconds(5), Duration.ofMinutes(10)));
    }

    @Test
    void readsTheOtherValues() {
        assertThat(parse("-- confiture: risk=low impact=safe approval=not-required transactional=true"))
            .isEqualTo(new MigrationMetadata(Risk.LOW, null, Impact.SAFE, false, true, null, null));
        assertThat(parse("-- confiture: risk=medium").risk()).isEqualTo(Risk.MEDIUM);
    }

    @Test
    void severalPairsOnOneLineSeparatedBySpacesOrCommas() {
        MigrationMetadata metadata = parse("-- confiture: risk=high, impact=safe,approval=required   lock-timeout=1s\n");
        assertThat(metadata.risk()).isEqualTo(Risk.HIGH);
        assertThat(metadata.impact()).isEqualTo(Impact.SAFE);
        assertThat(metadata.approvalRequired()).isTrue();
        assertThat(metadata.lockTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void spacingAndCaseAreFlexible() {
        MigrationMetadata metadata = parse("""
                --CONFITURE:risk=HIGH
                   --   Confiture :  impact = Breaking ,  transactional= FALSE
                -- confiture:\tDURATION=pt5m
                """);
        assertThat(metadata).isEqualTo(new MigrationMetadata(Risk.HIGH, Duration.ofMinutes(5), Impact.BREAKING,
                false, false, null, null));
    }

    @Test
    void headersMayFollowOtherCommentsAndBlankLinesInAnyLineEnding() {
        MigrationMetadata metadata = parse("\r\n-- Author: ops\r\n\r\n-- confiture: risk=high\r\nSELECT 1;\r\n");
        assertThat(metadata.risk()).isEqualTo(Risk.HIGH);
        assertThat(parse("-- hi\r-- confiture: risk=low\rSELECT 1;").risk()).isEqualTo(Risk.LOW);
    }

    @Test
    void ordinaryCommentsAreFineAnywhere() {
        MigrationMetadata metadata = parse("""
                -- confiture: risk=low
                CREATE TABLE t (id int);
                -- confiture is our migration tool
                -- hello
                INSERT INTO t VALUES (1); -- confiture: risk=high (not a line comment)
                """);
        assertThat(metadata.risk()).isEqualTo(Risk.LOW);
    }

    @ParameterizedTest
    @CsvSource({ "0, PT0S", "250ms, PT0.25S", "30s, PT30S", "5m, PT5M", "2h, PT2H", "PT5M, PT5M", "pt1h30m, PT1H30M",
            "P1D, PT24H", "30S, PT30S", "250MS, PT0.25S", "007s, PT7S" })
    void durationsAcceptShortFormsIsoAndZero(String text, String expected) {
        MigrationMetadata metadata = parse("-- confiture: duration=" + text + " lock-timeout=" + text
                + " statement-timeout=" + text);
        Duration duration = Duration.parse(expected);
        assertThat(metadata.durationEstimate()).isEqualTo(duration);
        assertThat(metadata.lockTimeout()).isEqualTo(duration);
        assertThat(metadata.statementTimeout()).isEqualTo(duration);
    }

    @Test
    void zeroTimeoutMeansDisabled() {
        assertThat(parse("-- confiture: statement-timeout=0").statementTimeout()).isEqualTo(Duration.ZERO);
    }

    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        ConfitureException ex = failure("-- a comment\n-- confiture: riks=high\n");
        assertThat(ex.code()).isEqualTo(ErrorCode.UNKNOWN_METADATA_KEY);
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 2, 15));
        assertThat(ex.problem()).isEqualTo("unknown header key 'riks'");
        assertThat(ex.hint()).isEqualTo("did you mean 'risk'? Known keys: risk, duration, impact, approval, "
                + "transactional, lock-timeout, statement-timeout, allow, phase");
        assertThat(ex.getMessage()).contains(SOURCE + ", line 2, column 15");
    }

    @ParameterizedTest
    @CsvSource({ "lock_timeout, lock-timeout", "statement_timeout, statement-timeout", "transactionnal, transactional",
            "aproval, approval", "impakt, impact", "durations, duration", "rsik, risk" })
    void typosWithinTwoEditsAreSuggested(String typo, String suggestion) {
        ConfitureException ex = failure("-- confiture: " + typo + "=x");
        assertThat(ex.code()).isEqualTo(ErrorCode.UNKNOWN_METADATA_KEY);
        assertThat(ex.hint()).startsWith("did you mean '" + suggestion + "'? Known keys: risk,");
    }

    @Test
    void unknownKeyFarFromAnyKnownKeyOnlyListsTheKeys() {
        ConfitureException ex = failure("-- confiture: owner=team-a");
        assertThat(ex.code()).isEqualTo(ErrorCode.UNKNOWN_METADATA_KEY);
        assertThat(ex.hint()).isEqualTo(
                "Known keys: risk, duration, impact, approval, transactional, lock-timeout, statement-timeout, allow, phase");
    }

    @Test
    void unknownKeyIsReportedEvenWithoutAValue() {
        assertThat(failure("-- confiture: riks=").code()).isEqualTo(ErrorCode.UNKNOWN_METADATA_KEY);
    }

    @Test
    void upstreamLintDirectivesAreCommentsWhereverTheyStand() {
        assertThat(parse("""
                -- confiture:run-as app_owner
                -- confiture: risk=high
                -- confiture:owner-only — audit table, see ADR-12
                CREATE TABLE audit (id int);
                -- confiture:owner-skip
                CREATE TABLE other (id int);
                -- CONFITURE:func-allow-duplicate
                """).risk()).isEqualTo(Risk.HIGH);
        assertThat(parse("-- confiture:secdef-allow-unpinned\nSELECT 1;")).isSameAs(MigrationMetadata.NONE);
        assertThat(parse("-- confiture: owner-only\nSELECT 1;")).as("upstream reads this as a plain comment")
                .isSameAs(MigrationMetadata.NONE);
    }

    @Test
    void aKeyOrANearKeyWithoutAValueRightAfterTheColonIsStillAnError() {
        assertThat(failure("-- confiture:risk high").problem()).isEqualTo("header entry 'risk' has no '='");
        assertThat(failure("-- confiture:rsik").problem()).isEqualTo("header entry 'rsik' has no '='");
        assertThat(failure("SELECT 1;\n-- confiture:risk=high").problem()).contains("after the first SQL line");
    }

    @Test
    void missingEquals() {
        ConfitureException ex = failure("-- confiture: risk high");
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo("header entry 'risk' has no '='");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 1, 15));
        assertThat(ex.hint()).startsWith("write key=value");
    }

    @Test
    void equalsWithoutKey() {
        ConfitureException ex = failure("-- confiture: =high");
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo("'=' without a key in a header");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 1, 15));
    }

    @ParameterizedTest
    @ValueSource(strings = { "-- confiture: risk=", "-- confiture: risk=  ", "-- confiture: risk=, impact=safe",
            "-- confiture: risk= impact=safe" })
    void emptyValue(String line) {
        ConfitureException ex = failure(line);
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo("header key 'risk' has an empty value");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 1, 15));
        assertThat(ex.hint()).isEqualTo("write risk=<value> with one of: low, medium, high");
    }

    @Test
    void emptyHeader() {
        ConfitureException ex = failure("\n  -- confiture:   ");
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo("empty '-- confiture:' header");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 2, 3));
    }

    @Test
    void headerWithoutColonIsNotTakenForAComment() {
        ConfitureException ex = failure("-- confiture risk=high");
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo("'-- confiture' header without ':'");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 1, 1));
        assertThat(ex.hint()).startsWith("write '-- confiture: key=value'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "risk=extreme | risk | with one of: low, medium, high",
            "impact=unsafe | impact | with one of: safe, breaking",
            "approval=yes | approval | with one of: required, not-required",
            "approval=not_required | approval | with one of: required, not-required",
            "transactional=no | transactional | with one of: true, false" })
    void badChoiceListsTheAllowedValues(String pair, String key, String allowed) {
        ConfitureException ex = failure("-- confiture: " + pair);
        String value = pair.substring(pair.indexOf('=') + 1);
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo("invalid value '" + value + "' for header key '" + key + "'");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 1, 16 + key.length()));
        assertThat(ex.hint()).isEqualTo("write " + key + "=<value> " + allowed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "5 | : a duration needs a unit", "5min | ''", "1.5h | ''", "soon | ''",
            "-5s | ''", "PT | : not a valid ISO-8601 duration", "-PT5M | : a duration must not be negative",
            "PT-5M | : a duration must not be negative", "99999999999999999999s | : too large",
            "9999999999999999h | : too large" })
    void badDurations(String value, String reason) {
        ConfitureException ex = failure("-- confiture: duration=" + value);
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo("invalid value '" + value + "' for header key 'duration'" + reason);
        assertThat(ex.hint()).isEqualTo("write duration=<value>, a duration such as 250ms, 30s, 5m, 2h "
                + "(units ms, s, m, h) or ISO-8601 such as PT5M");
    }

    @Test
    void timeoutsMustFitPostgres() {
        ConfitureException tooLong = failure("-- confiture: lock-timeout=30d");
        assertThat(tooLong.problem()).isEqualTo("invalid value '30d' for header key 'lock-timeout'");
        assertThat(tooLong.hint()).endsWith("or ISO-8601 such as PT5M, or 0 to disable the timeout");

        ConfitureException aboveMax = failure("-- confiture: statement-timeout=P25D");
        assertThat(aboveMax.problem()).isEqualTo("invalid value 'P25D' for header key 'statement-timeout': "
                + "PostgreSQL accepts timeouts up to 2147483647ms (about 24 days)");

        ConfitureException fraction = failure("-- confiture: lock-timeout=PT0.0005S");
        assertThat(fraction.problem()).endsWith(": PostgreSQL timeouts are whole milliseconds");

        assertThat(parse("-- confiture: lock-timeout=2147483647ms").lockTimeout())
            .isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
        assertThat(parse("-- confiture: duration=P30D").durationEstimate()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void duplicateKeyNamesTheFirstLine() {
        ConfitureException ex = failure("-- confiture: risk=low\n-- confiture: impact=safe RISK=high\n");
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo("duplicate header key 'risk' (already set on line 1)");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 2, 27));
        assertThat(ex.hint()).isEqualTo("keep a single risk=... entry");
    }

    @Test
    void duplicateKeyOnTheSameLine() {
        ConfitureException ex = failure("-- confiture: approval=required approval=not-required");
        assertThat(ex.problem()).isEqualTo("duplicate header key 'approval' (already set on line 1)");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 1, 33));
    }

    @Test
    void headerAfterTheFirstSqlLineIsAnError() {
        ConfitureException ex = failure("""
                -- confiture: risk=low

                CREATE TABLE t (id int);
                  -- confiture: impact=breaking
                """);
        assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_METADATA_HEADER);
        assertThat(ex.problem()).isEqualTo(
                "'-- confiture:' header after the first SQL line (line 3): headers must be at the top of the file");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 4, 3));
        assertThat(ex.hint()).isEqualTo("move this line above line 3, into the leading block of blank lines and '--' comments");
        assertThat(ex.getMessage()).contains("headers must be at the top of the file")
            .contains(SOURCE + ", line 4, column 3");
    }

    @Test
    void columnsCountCharactersNotBytes() {
        ConfitureException ex = failure("-- confiture: risk=ééé");
        assertThat(ex.location()).isEqualTo(new SourceLocation(SOURCE, 1, 20));
        ConfitureException astral = failure("-- confiture:\uD83C\uDF53 risk=x");
        assertThat(astral.problem()).isEqualTo("header entry '\uD83C\uDF53' has no '='");
        assertThat(astral.location()).isEqualTo(new SourceLocation(SOURCE, 1, 14));
    }

    @Test
    void distanceCountsTranspositionsAsOneEdit() {
        assertThat(MetadataHeaders.distance("riks", "risk")).isEqualTo(1);
        assertThat(MetadataHeaders.distance("", "risk")).isEqualTo(4);
        assertThat(MetadataHeaders.distance("risk", "risk")).isZero();
        assertThat(MetadataHeaders.closestKey("impactt")).isEqualTo("impact");
        assertThat(MetadataHeaders.closestKey("xyz")).isNull();
    }

    @Test
    void allowNamesTheZeroDowntimeRulesAFileBreaksOnPurposeAndRepeats() {
        MigrationMetadata metadata = MetadataHeaders.parse("-- confiture: allow=index-not-concurrent\n"
                + "-- confiture: allow=set-not-null, risk=high\nSELECT 1;", "001_x.up.sql");
        assertThat(metadata.allow()).containsExactlyInAnyOrder("index-not-concurrent", "set-not-null");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(dev.confiture.api.ConfitureException.class,
                () -> MetadataHeaders.parse("-- confiture: allow=Not_A_Rule\nSELECT 1;", "001_x.up.sql")).getMessage())
                .contains("invalid value 'Not_A_Rule' for header key 'allow'", "lower-case letters");
    }
}
