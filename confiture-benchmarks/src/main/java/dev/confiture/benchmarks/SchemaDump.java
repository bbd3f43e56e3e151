package dev.confiture.benchmarks;

import dev.confiture.testing.postgres.TestDatabase;
import dev.confiture.tracking.TableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.Driver;

/**
 * The schema a real migration set produces, as {@code db/schema} files: the set is replayed with Confiture on an
 * empty database, then {@code pg_dump --schema-only --no-owner --no-privileges} writes its pre-data section (types,
 * functions, tables, views ...) to {@code 10_pre_data.sql} and its post-data section (indexes, constraints,
 * triggers) to {@code 20_post_data.sql}, leaving out Confiture's own tables. The {@code \restrict} and
 * &#92;{@code unrestrict} lines newer pg_dump versions write (psql meta-commands that guard a restore, not SQL) are
 * removed, for build and psql alike. {@code build.sql} is both files concatenated in build order, for psql.
 *
 * @param schemaDir the schema files
 * @param script the files concatenated in build order
 * @param bytes the size of the script
 * @param source how the dump was made, for the results
 */
record SchemaDump(Path schemaDir, Path script, long bytes, String source) {

    /**
     * Replays the set where this {@code pg_dump} may read it and dumps it: in a fresh database of the benchmark
     * server when pg_dump is at least as new, else on a throw-away server of pg_dump's own version.
     */
    static SchemaDump write(PostgresTools tools, RealMigrationSet set, int serverMajor, Path work) {
        if (tools.major() >= serverMajor) {
            try (TestDatabase database = dev.confiture.testing.postgres.SharedPostgres.createDatabase("bench_P9_dump")) {
                replay(database.dataSource(), set);
                Properties url = Driver.parseURL(database.jdbcUrl(), null);
                if (url == null) {
                    throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + database.jdbcUrl());
                }
                return dump(tools, work, connection(url.getProperty("PGHOST"), url.getProperty("PGPORT"),
                        database.name(), database.user(), database.password()), "pg_dump " + tools.version()
                                + " of the set replayed with Confiture on the benchmark server");
            }
        }
        if (!tools.hasServer()) {
            throw new IllegalStateException("pg_dump " + tools.version() + " (" + tools.pgDump() + ") cannot dump the "
                    + "PostgreSQL " + serverMajor + " benchmark server and there is no server of its version beside it "
                    + "(initdb, pg_ctl) to replay the set on: put pg_dump " + serverMajor + " or newer on PATH");
        }
        Path directory = ThrowAwayServer.createDirectory();
        try (ThrowAwayServer server = ThrowAwayServer.start(tools, directory)) {
            try (Connection connection = server.dataSource("postgres").getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE replayed");
            }
            replay(server.dataSource("replayed"), set);
            return dump(tools, work, connection("127.0.0.1", String.valueOf(server.port()), "replayed", "postgres", ""),
                    "pg_dump " + tools.version() + " of the set replayed with Confiture on a throw-away PostgreSQL "
                            + tools.version() + " server (pg_dump " + tools.major() + " refuses the PostgreSQL "
                            + serverMajor + " benchmark server)");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("The throw-away server failed: " + ex.getMessage(), ex);
        }
        finally {
            Benchmark.deleteRecursively(directory);
        }
    }

    private static void replay(DataSource dataSource, RealMigrationSet set) {
        int applied = Contenders.confitureMigrate(dataSource, set.confitureDir());
        if (applied != set.count()) {
            throw new IllegalStateException("Replaying " + set.source() + " applied " + applied + " of " + set.count()
                    + " migrations");
        }
    }

    /** How pg_dump and psql reach a database: their arguments and environment. */
    record ConnectionArguments(List<String> arguments, Map<String, String> environment) {
    }

    static ConnectionArguments connection(String host, String port, String database, String user, String password) {
        List<String> arguments = new ArrayList<>(List.of("-h", host, "-p", port, "-d", database));
        if (!user.isEmpty()) {
            arguments.addAll(List.of("-U", user));
        }
        return new ConnectionArguments(arguments, password.isEmpty() ? Map.of() : Map.of("PGPASSWORD", password));
    }

    static ConnectionArguments connection(TestDatabase database) {
        Properties url = Driver.parseURL(database.jdbcUrl(), null);
        if (url == null) {
            throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + database.jdbcUrl());
        }
        return connection(url.getProperty("PGHOST"), url.getProperty("PGPORT"), database.name(), database.user(),
                database.password());
    }

    private static SchemaDump dump(PostgresTools tools, Path work, ConnectionArguments connection, String source) {
        try {
            Path schema = Files.createDirectories(work.resolve("schema"));
            List<String> excluded = new ArrayList<>();
            for (TableName table : Contenders.configuration(new org.postgresql.ds.PGSimpleDataSource(), work).build()
                    .bookkeepingTables()) {
                excluded.add("--exclude-table=" + table.schema() + "." + table.table());
            }
            StringBuilder script = new StringBuilder();
            for (String section : List.of("pre-data", "post-data")) {
                List<String> command = new ArrayList<>(List.of(tools.pgDump().toString(), "--schema-only", "--no-owner",
                        "--no-privileges", "--section=" + section));
                command.addAll(excluded);
                Path raw = work.resolve(section + ".raw.sql");
                command.addAll(List.of("-f", raw.toString()));
                command.addAll(connection.arguments());
                PostgresTools.run(command, connection.environment(), null);
                String sql = Files.readString(raw, StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.startsWith("\\restrict ") && !line.startsWith("\\unrestrict "))
                        .collect(Collectors.joining("\n", "", "\n"));
                Files.writeString(schema.resolve((section.equals("pre-data") ? "10_" : "20_") + section.replace('-', '_')
                        + ".sql"), sql, StandardCharsets.UTF_8);
                script.append(sql);
                Files.delete(raw);
            }
            Path file = work.resolve("build.sql");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            return new SchemaDump(schema, file, Files.size(file), source);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
