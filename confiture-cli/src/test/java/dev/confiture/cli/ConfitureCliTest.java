package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in-process, where no database is needed: help, usage errors and their exit codes.
 * {@code ConfitureCliIT} runs the jar against a database.
 */
class ConfitureCliTest {

    @TempDir
    Path project;

    @Test
    void helpListsTheExitCodesAndEnvironmentVariables() {
        Run run = run(Map.of(), "--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: confiture", "migrate", "build", "schema", "history", "Exit codes:",
                "0   ok", "1   failure", "2   usage", "3   migrate status --fail-on-pending",
                "CONFITURE_URL", "CONFITURE_LOCK_WAIT", "CONFITURE_SCHEMA_LOCATIONS", "NO_COLOR",
                "${VAR} and ${VAR:-default}", "--schema-dir, --schema-locations=LOCATION");
    }

    @Test
    void everySubcommandHasHelpWithTheSameFooter() {
        for (String[] command : new String[][] { { "migrate", "status" }, { "migrate", "up" }, { "migrate", "down" },
                { "migrate", "baseline" }, { "migrate", "validate" }, { "migrate", "approve" }, { "history" },
                { "build" }, { "schema", "validate" }, { "schema", "lint" }, { "schema", "drift" }, { "migrate", "new" },
                { "migrate", "generate" }, { "migrate", "clean" }, { "migrate", "plan" } }) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            Run run = run(Map.of(), args);
            assertThat(run.code()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage: confiture " + String.join(" ", command),
                    "--url=URL", "Exit codes:", "${VAR} and ${VAR:-default}");
        }
    }

    @Test
    void migrateNewWritesTheFilesInTheMigrationsDirectoryWithoutADatabase() throws Exception {
        Run run = run(Map.of(), "--project-dir", project.toString(), "migrate", "new", "add_orders", "--down", "--risk",
                "medium", "--version", "20261130120000");

        assertThat(run.code()).as(run.err()).isZero();
        Path up = project.resolve("db/migrations/20261130120000_add_orders.up.sql");
        assertThat(run.out()).contains("Created " + up, "20261130120000_add_orders.down.sql");
        assertThat(java.nio.file.Files.readString(up)).contains("-- confiture: risk=medium");

        Run taken = run(Map.of(), "--project-dir", project.toString(), "migrate", "new", "other", "--version", "20261130120000");
        assertThat(taken.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(taken.err()).contains("DUPLICATE_VERSION", "Version 20261130120000 is taken by 20261130120000_add_orders");
        Run badName = run(Map.of(), "--migrations-dir", project.resolve("elsewhere").toString(), "migrate", "new",
                "add orders");
        assertThat(badName.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(badName.err()).contains("INVALID_MIGRATION_NAME", "Use e.g. add_orders");
        assertThat(run(Map.of(), "migrate", "new", "x", "--risk", "extreme").err()).contains("--risk extreme is not a risk");
    }

    @Test
    void withoutSubcommandTheUsageGoesToStderrWithExitCode2() {
        assertThat(run(Map.of()).code()).isEqualTo(ExitCodes.USAGE);
        Run migrate = run(Map.of(), "migrate");
        assertThat(migrate.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(migrate.err()).contains("Usage: confiture migrate");
        Run schema = run(Map.of(), "schema");
        assertThat(schema.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(schema.err()).contains("Usage: confiture schema", "validate", "lint", "drift");
    }

    @Test
    void aCommandAskedForJsonFailsInJsonWhateverFailedWithTheExitCodeItEndsWith() {
        Run badFlag = run(Map.of(), "migrate", "status", "--format", "json", "--bogus");
        assertThat(badFlag.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badFlag.out()).startsWith("{\"error\":{\"code\":\"USAGE\",\"message\":\"Unknown option: '--bogus'\"")
                .contains("\"exit_code\":2");
        Run badFormat = run(Map.of(), "migrate", "status", "--format", "yaml");
        assertThat(badFormat.err()).contains("expected one of table, json, upstream-json but was 'yaml'")
                .doesNotContain("Exception");

        Map<String, String> unreachable = Map.of("CONFITURE_URL", "jdbc:postgresql://127.0.0.1:1/x");
        Run unreachableUpstream = run(unreachable, "migrate", "current", "--format", "json", "--exit-codes", "upstream");
        assertThat(unreachableUpstream.code()).isEqualTo(ExitCodeStyle.UPSTREAM_FATAL);
        assertThat(unreachableUpstream.out()).contains("\"code\":\"DATABASE_ERROR\"", "\"exit_code\":3");
        Run noUrl = run(Map.of(), "migrate", "up", "--format", "json");
        assertThat(noUrl.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noUrl.out()).contains("\"code\":\"USAGE\"", "\"exit_code\":2");
    }

    @Test
    void commandsThatChangeTheDatabaseRefuseOneOnlyTheAmbientDatabaseUrlNames() {
        Map<String, String> ambient = Map.of("DATABASE_URL", "postgresql://127.0.0.1:1/app");
        for (String[] command : new String[][] { { "migrate", "up" }, { "migrate", "down" }, { "migrate", "down-to", "1" },
                { "migrate", "baseline", "--through", "1" }, { "migrate", "repair" }, { "migrate", "approve", "1" },
                { "build" } }) {
            Run run = run(ambient, command);
            assertThat(run.code()).as(String.join(" ", command)).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(String.join(" ", command)).contains("Only the ambient DATABASE_URL names a database");
        }
        Run noConfig = run(ambient, "migrate", "up", "--no-config");
        assertThat(noConfig.code()).as("--no-config makes the environment the source, as upstream")
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(noConfig.err()).doesNotContain("ambient");
        assertThat(run(ambient, "migrate", "up", "--no-config", "--env", "prod").err())
                .contains("--no-config reads no environment file: drop --env or --no-config");
        Run status = run(ambient, "migrate", "status");
        assertThat(status.code()).as("read-only: it goes on (and finds no migrations directory)")
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(status.err()).doesNotContain("ambient");
        Run named = run(Map.of("DATABASE_URL", "postgresql://127.0.0.1:1/app", "CONFITURE_DATABASE_URL",
                "postgresql://127.0.0.1:1/app"), "migrate", "up");
        assertThat(named.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(named.err()).doesNotContain("ambient");
    }

    @Test
    void schemaFlagsAreCheckedBeforeTheDatabaseIsReached() {
        Map<String, String> unreachable = Map.of("CONFITURE_URL", "jdbc:postgresql://127.0.0.1:1/x");
        Run against = run(unreachable, "schema", "drift", "--against", "tables");
        assertThat(against.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(against.err()).contains("Invalid value for option '--against': 'tables' is neither migrations nor "
                + "schema-files");
        Run withoutCheck = run(unreachable, "migrate", "status", "--against", "schema-files");
        assertThat(withoutCheck.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(withoutCheck.err()).contains("--against compares for drift: add --check-drift");
        Run unknownRule = run(unreachable, "schema", "lint", "--disable", "trinity-id-uuid,no-such-rule");
        assertThat(unknownRule.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownRule.err()).contains("Unknown lint rule 'no-such-rule'", "trinity-id-uuid", "view-prefix");
    }

    @Test
    void schemaDirectoriesTheEnvironmentFileCannotHaveStopOnlyTheSchemaCommands() throws java.io.IOException {
        java.nio.file.Files.createDirectories(project.resolve("db/environments"));
        java.nio.file.Files.createDirectories(project.resolve("db/migrations"));
        java.nio.file.Files.writeString(project.resolve("db/environments/dev.yaml"), """
                database_url: jdbc:postgresql://127.0.0.1:1/x
                include_dirs: [db/schema]
                exclude_dirs: [db/schema/90_seed]
                """);
        String[] global = { "--env", "dev", "--project-dir", project.toString() };

        for (String[] command : new String[][] { { "build" }, { "schema", "validate" }, { "schema", "lint" },
                { "schema", "drift", "--against", "schema-files" },
                { "migrate", "status", "--check-drift", "--against", "schema-files" } }) {
            Run run = run(Map.of(), java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.Arrays.stream(global)).toArray(String[]::new));
            assertThat(run.code()).as(String.join(" ", command)).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(String.join(" ", command)).contains("dev.yaml, line 3: exclude_dirs is not supported");
        }
        Run status = run(Map.of(), "migrate", "status", "--env", "dev", "--project-dir", project.toString());
        assertThat(status.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(status.err()).contains("[DATABASE_ERROR]");
        Run overridden = run(Map.of(), "build", "--schema-dir", "ddl", "--env", "dev", "--project-dir", project.toString());
        assertThat(overridden.err()).doesNotContain("exclude_dirs");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithSuggestions() {
        Run run = run(Map.of(), "migrate", "stauts");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("error: Unmatched argument", "Did you mean: migrate status",
                "Run 'confiture migrate --help' for usage.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        assertThat(run(Map.of(), "--lock-wait", "5", "migrate", "status").err())
                .contains("Invalid value for option '--lock-wait': '5' is not a duration");
        assertThat(run(Map.of(), "migrate", "up", "--target", "v2").err())
                .contains("Invalid value for option '--target': 'v2' is not a version");
        assertThat(run(Map.of(), "migrate", "down", "--steps", "1", "--target", "2").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(Map.of(), "migrate", "status", "--format", "xml").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(Map.of(), "migrate", "baseline").err()).contains("Missing required option: '--through=VERSION'");
        assertThat(run(Map.of(), "migrate", "approve").err()).contains("Missing required parameter: 'VERSION'");
        Run steps = run(Map.of("CONFITURE_URL", "jdbc:postgresql://127.0.0.1:1/x"), "migrate", "down", "--steps", "0");
        assertThat(steps.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(steps.err()).contains("--steps must be at least 1");
        Run limit = run(Map.of("CONFITURE_URL", "jdbc:postgresql://127.0.0.1:1/x"), "history", "--limit", "0");
        assertThat(limit.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(limit.err()).contains("--limit must be at least 1");
    }

    @Test
    void aMissingUrlSaysHowToSetIt() {
        Run run = run(Map.of(), "migrate", "status");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("error: No database URL: pass --url").contains("CONFITURE_URL", "database_url");
    }

    @Test
    void globalOptionsAreAcceptedAfterTheSubcommand() {
        Run run = run(Map.of(), "migrate", "status", "--url", "mysql://h/db", "--project-dir", project.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--url: 'mysql://h/db' is not a PostgreSQL URL");
    }

    @Test
    void aMissingEnvironmentFileIsAUsageErrorNamingThePath() {
        Run run = run(Map.of(), "migrate", "status", "--env", "staging", "--project-dir", project.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(project.resolve("db/environments/staging.yaml").toString(), "does not exist");
    }

    @Test
    void versionNamesTheTool() {
        Run run = run(Map.of(), "--version");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("confiture ");
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ConfitureCli(environment, new PrintWriter(out, true), new PrintWriter(err, true), false).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
