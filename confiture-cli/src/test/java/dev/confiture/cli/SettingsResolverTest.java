package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags win over environment variables, which win over the environment file, which wins over the
 * core defaults.
 */
class SettingsResolverTest {

    @TempDir
    Path project;

    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void stagingFile() throws IOException {
        Files.createDirectories(project.resolve("db/environments"));
        Files.writeString(project.resolve("db/environments/staging.yaml"), """
                name: staging-eu
                database_url: postgresql://file_user:file_pw@file-host:5432/app
                migration:
                  tracking_table: file_schema.file_table
                  locking:
                    timeout_ms: 1500
                """);
    }

    @Test
    void withOnlyTheFileEverythingComesFromTheFile() {
        Settings settings = resolve(flags(null, null, null, "staging", null));

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://file-host:5432/app");
        assertThat(settings.user()).isEqualTo("file_user");
        assertThat(settings.password()).isEqualTo("file_pw");
        assertThat(settings.environment()).isEqualTo("staging-eu");
        assertThat(settings.environmentFile()).isEqualTo(project.resolve("db/environments/staging.yaml"));
        assertThat(settings.schema()).isEqualTo("file_schema");
        assertThat(settings.table()).isEqualTo("file_table");
        assertThat(settings.lockWait()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.locations()).containsExactly("filesystem:" + project.resolve("db/migrations"));
    }

    @Test
    void environmentVariablesWinOverTheFile() {
        environment.putAll(Map.of("CONFITURE_ENV", "staging", "CONFITURE_URL", "jdbc:postgresql://var-host/app",
                "CONFITURE_USER", "var_user", "CONFITURE_PASSWORD", "var_pw", "CONFITURE_SCHEMA", "var_schema",
                "CONFITURE_TABLE", "var_table", "CONFITURE_LOCK_WAIT", "20s",
                "CONFITURE_LOCATIONS", "filesystem:/srv/a, /srv/b"));

        Settings settings = resolve(flags(null, null, null, null, null));

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://var-host/app");
        assertThat(settings.user()).isEqualTo("var_user");
        assertThat(settings.password()).isEqualTo("var_pw");
        assertThat(settings.schema()).isEqualTo("var_schema");
        assertThat(settings.table()).isEqualTo("var_table");
        assertThat(settings.lockWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.locations()).containsExactly("filesystem:/srv/a", "filesystem:/srv/b");
        assertThat(settings.environment()).isEqualTo("staging-eu");
    }

    @Test
    void upstreamsDatabaseUrlVariablesComeAfterOursAndTheAmbientOneNeverBeatsANamedFile() {
        environment.put("DATABASE_URL", "postgresql://ambient@ambient-host/app");
        Settings ambient = resolve(flags(null, null, null, null, null));
        assertThat(ambient.jdbcUrl()).as("nothing else names a database").isEqualTo("jdbc:postgresql://ambient-host/app");
        assertThat(ambient.urlFromAmbientVariable()).isTrue();
        Settings named = resolve(flags(null, null, null, "staging", null));
        assertThat(named.jdbcUrl()).as("a named environment file wins").isEqualTo("jdbc:postgresql://file-host:5432/app");
        assertThat(named.urlFromAmbientVariable()).isFalse();

        environment.put("CONFITURE_DATABASE_URL", "postgresql://upstream-host/app");
        assertThat(resolve(flags(null, null, null, null, null)).jdbcUrl()).as("upstream's variable beats the ambient one")
                .isEqualTo("jdbc:postgresql://upstream-host/app");
        assertThatThrownBy(() -> resolve(flags(null, null, null, "staging", null))).as("two explicit sources, as upstream")
                .isInstanceOf(UsageException.class).hasMessage("Both CONFITURE_DATABASE_URL and an environment file named "
                        + "with --env name the database: pass exactly one (unset CONFITURE_DATABASE_URL, or drop the "
                        + "file), as upstream Confiture requires");
        environment.put("CONFITURE_URL", "jdbc:postgresql://our-host/app");
        assertThat(resolve(flags(null, null, null, "staging", null)).jdbcUrl()).isEqualTo("jdbc:postgresql://our-host/app");
    }

    @Test
    void anAmbientDatabaseUrlIsIgnoredWhenAConfigFileIsNamedWithoutOne() throws IOException {
        Files.writeString(project.resolve("no-url.yaml"), "name: ci\n");
        environment.put("DATABASE_URL", "postgresql://ambient-host/app");

        assertThatThrownBy(() -> resolve(new CliFlags(null, null, null, null, project.resolve("no-url.yaml"), project,
                List.of(), null, null, null, List.of()))).isInstanceOf(UsageException.class)
                .hasMessageContaining("No database URL");
    }

    @Test
    void theNamesAnEnvironmentWasSelectedByAreAliasesForTheApprovalGate() throws IOException {
        assertThat(resolve(flags(null, null, null, "staging", null)).environmentAliases()).containsExactly("staging");
        Files.writeString(project.resolve("production.yaml"), "name: prod-eu\ndatabase_url: postgresql://h/app\n");

        Settings fromConfig = resolve(flags(null, null, null, null, project.resolve("production.yaml")));

        assertThat(fromConfig.environment()).isEqualTo("prod-eu");
        assertThat(fromConfig.environmentAliases()).containsExactly("production");
    }

    @Test
    void flagsWinOverEnvironmentVariables() {
        environment.putAll(Map.of("CONFITURE_URL", "jdbc:postgresql://var-host/app", "CONFITURE_USER", "var_user",
                "CONFITURE_PASSWORD", "var_pw", "CONFITURE_SCHEMA", "var_schema", "CONFITURE_TABLE", "var_table",
                "CONFITURE_LOCK_WAIT", "20s", "CONFITURE_LOCATIONS", "filesystem:/srv/a"));

        Settings settings = resolve(new CliFlags("postgresql://flag-host/app", "flag_user", "flag_pw", "staging", null,
                project, List.of("filesystem:/srv/flag"), "flag_schema", "flag_table", Duration.ofSeconds(3), List.of()));

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://flag-host/app");
        assertThat(settings.user()).isEqualTo("flag_user");
        assertThat(settings.password()).isEqualTo("flag_pw");
        assertThat(settings.schema()).isEqualTo("flag_schema");
        assertThat(settings.table()).isEqualTo("flag_table");
        assertThat(settings.lockWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.locations()).containsExactly("filesystem:/srv/flag");
    }

    @Test
    void credentialsInsideAUrlCountAtTheLevelOfThatUrl() {
        environment.put("CONFITURE_USER", "var_user");

        Settings flagUrlWithUser = resolve(flags("postgresql://url_user:url_pw@h/db", null, null, null, null));
        assertThat(flagUrlWithUser.user()).isEqualTo("url_user");
        assertThat(flagUrlWithUser.password()).isEqualTo("url_pw");

        Settings flagUrlWithoutUser = resolve(flags("jdbc:postgresql://h/db", null, null, "staging", null));
        assertThat(flagUrlWithoutUser.user()).isEqualTo("var_user");
        assertThat(flagUrlWithoutUser.password()).isEqualTo("file_pw");

        Settings explicitUser = resolve(flags("postgresql://url_user@h/db", "flag_user", null, null, null));
        assertThat(explicitUser.user()).isEqualTo("flag_user");
    }

    @Test
    void theFileNameWinsOverTheEnvironmentNameForEvents() throws IOException {
        Files.writeString(project.resolve("db/environments/qa.yml"), "database_url: jdbc:postgresql://h/qa\n");

        assertThat(resolve(flags(null, null, null, "staging", null)).environment()).isEqualTo("staging-eu");
        assertThat(resolve(flags(null, null, null, "qa", null)).environment()).isEqualTo("qa");
        assertThat(resolve(flags("jdbc:postgresql://h/db", null, null, null, null)).environment()).isNull();
    }

    @Test
    void anExplicitConfigFileIsReadInsteadOfTheEnvironmentsFile() throws IOException {
        Path config = Files.writeString(project.resolve("custom.yaml"), "database_url: jdbc:postgresql://custom/db\n");

        Settings settings = resolve(flags(null, null, null, "staging", config));

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://custom/db");
        assertThat(settings.environment()).isEqualTo("staging");
        assertThat(settings.environmentFile()).isEqualTo(config);
    }

    @Test
    void aMissingEnvironmentFileIsAUsageErrorNamingThePath() {
        assertThatThrownBy(() -> resolve(flags(null, null, null, "prod", null))).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Environment file " + project.resolve("db/environments/prod.yaml")
                        + " for environment 'prod' does not exist");
        environment.put("CONFITURE_ENV", "prod");
        assertThatThrownBy(() -> resolve(flags("jdbc:postgresql://h/db", null, null, null, null)))
                .isInstanceOf(UsageException.class).hasMessageContaining("prod.yaml");
        assertThatThrownBy(() -> resolve(flags(null, null, null, null, project.resolve("nope.yaml"))))
                .isInstanceOf(UsageException.class).hasMessageContaining("nope.yaml does not exist");
        assertThatThrownBy(() -> resolve(flags(null, null, null, "../etc/passwd", null)))
                .isInstanceOf(UsageException.class).hasMessageContaining("may only contain");
    }

    @Test
    void aMissingUrlSaysWhichFlagVariableAndKeySetIt() {
        assertThatThrownBy(() -> resolve(flags(null, null, null, null, null))).isInstanceOf(UsageException.class)
                .hasMessageContaining("--url").hasMessageContaining("CONFITURE_URL")
                .hasMessageContaining("database_url in db/environments/<NAME>.yaml").hasMessageContaining("--env");

        Path config = project.resolve("db/environments/staging.yaml");
        writeQuietly(config, "name: staging\n");
        assertThatThrownBy(() -> resolve(flags(null, null, null, "staging", null))).isInstanceOf(UsageException.class)
                .hasMessageContaining("--url").hasMessageContaining("CONFITURE_URL")
                .hasMessageContaining("set database_url in " + config);
    }

    @Test
    void blankVariablesCountAsUnset() {
        environment.putAll(Map.of("CONFITURE_URL", " ", "CONFITURE_ENV", "", "CONFITURE_PASSWORD", ""));

        Settings settings = resolve(flags("jdbc:postgresql://h/db", null, null, null, null));

        assertThat(settings.password()).isNull();
        assertThat(settings.environmentFile()).isNull();
    }

    @Test
    void locationsWithoutPrefixAreDirectoriesAndTheDefaultFollowsTheProjectDirectory() {
        assertThat(resolve(new CliFlags("jdbc:postgresql://h/db", null, null, null, null, project,
                List.of("db/other", "classpath:db/migration"), null, null, null, List.of())).locations())
                .containsExactly("filesystem:db/other", "classpath:db/migration");
        assertThat(resolve(new CliFlags("jdbc:postgresql://h/db", null, null, null, null, Path.of("/srv/app/./x/.."),
                List.of(), null, null, null, List.of())).locations()).containsExactly("filesystem:/srv/app/db/migrations");
    }

    @Test
    void schemaLocationsDefaultToDbSchemaInTheProjectDirectory() {
        Settings settings = resolve(flags("jdbc:postgresql://h/db", null, null, null, null));

        assertThat(settings.schemaLocations()).containsExactly("filesystem:" + project.resolve("db/schema"));
        assertThat(settings.schemaLocationsProblem()).isNull();
        assertThat(settings.defaultLocations()).isTrue();
    }

    @Test
    void includeDirsOfTheFileAreSchemaLocationsRelativeToTheProjectDirectory() throws IOException {
        Files.writeString(project.resolve("db/environments/staging.yaml"), """
                database_url: postgresql://file-host/app
                include_dirs:
                  - db/schema/00_common
                  - path: ${TABLES_DIR}
                    recursive: true
                  - /srv/shared/ddl
                  - classpath:db/extra
                """);
        environment.put("TABLES_DIR", "db/schema/10_tables");

        Settings settings = resolve(flags(null, null, null, "staging", null));

        assertThat(settings.schemaLocations()).containsExactly("filesystem:" + project.resolve("db/schema/00_common"),
                "filesystem:" + project.resolve("db/schema/10_tables"), "filesystem:/srv/shared/ddl", "classpath:db/extra");
        assertThat(settings.schemaLocationsProblem()).isNull();
        assertThat(settings.locations()).containsExactly("filesystem:" + project.resolve("db/migrations"));
    }

    @Test
    void schemaLocationsFlagWinsOverTheVariableWhichWinsOverIncludeDirs() throws IOException {
        Files.writeString(project.resolve("db/environments/staging.yaml"), """
                database_url: postgresql://file-host/app
                include_dirs: [db/schema/from_file]
                """);
        environment.put("CONFITURE_ENV", "staging");

        assertThat(resolve(flags(null, null, null, null, null)).schemaLocations())
                .containsExactly("filesystem:" + project.resolve("db/schema/from_file"));
        environment.put("CONFITURE_SCHEMA_LOCATIONS", "ddl/a, filesystem:/srv/b");
        assertThat(resolve(flags(null, null, null, null, null)).schemaLocations())
                .containsExactly("filesystem:ddl/a", "filesystem:/srv/b");
        assertThat(resolve(new CliFlags(null, null, null, null, null, project, List.of(), null, null, null,
                List.of("ddl/flag", "classpath:db/schema"))).schemaLocations())
                .containsExactly("filesystem:ddl/flag", "classpath:db/schema");
    }

    @Test
    void schemaDirectoriesTheFileCannotHaveAreAProblemOnlyWhenTheyAreUsed() throws IOException {
        Files.writeString(project.resolve("db/environments/staging.yaml"), """
                database_url: postgresql://file-host/app
                include_dirs:
                  - path: db/schema
                    recursive: false
                exclude_dirs:
                  - db/schema/90_seed
                """);

        Settings fromFile = resolve(flags(null, null, null, "staging", null));

        assertThat(fromFile.jdbcUrl()).isEqualTo("jdbc:postgresql://file-host/app");
        assertThat(fromFile.schemaLocationsProblem()).contains("staging.yaml, line 4: include_dirs: recursive is not true",
                "line 6: exclude_dirs is not supported", "--schema-locations");
        environment.put("CONFITURE_SCHEMA_LOCATIONS", "ddl");
        Settings overridden = resolve(flags(null, null, null, "staging", null));
        assertThat(overridden.schemaLocationsProblem()).isNull();
        assertThat(overridden.schemaLocations()).containsExactly("filesystem:ddl");
    }

    @Test
    void explicitMigrationLocationsAreNotTheDefault() {
        assertThat(resolve(new CliFlags("jdbc:postgresql://h/db", null, null, null, null, project, List.of("db/x"), null,
                null, null, List.of())).defaultLocations()).isFalse();
        environment.put("CONFITURE_LOCATIONS", "db/y");
        assertThat(resolve(flags("jdbc:postgresql://h/db", null, null, null, null)).defaultLocations()).isFalse();
    }

    @Test
    void settingsNeverPrintThePassword() {
        assertThat(resolve(flags("postgresql://u:hunter2@h/db", null, null, null, null)).toString())
                .doesNotContain("hunter2").contains("password=***");
    }

    private Settings resolve(CliFlags flags) {
        return new SettingsResolver(environment).resolve(flags);
    }

    private CliFlags flags(@Nullable String url, @Nullable String user, @Nullable String password, @Nullable String env,
            @Nullable Path config) {
        return new CliFlags(url, user, password, env, config, project, List.of(), null, null, null, List.of());
    }

    private static void writeQuietly(Path file, String content) {
        try {
            Files.writeString(file, content);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
