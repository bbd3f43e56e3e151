package dev.confiture.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server started from the binaries beside {@code pg_dump} (initdb, pg_ctl) in a temporary directory,
 * for the one thing the benchmark server cannot give: a database that this {@code pg_dump} may dump when it is
 * older than the benchmark server (pg_dump refuses a newer server). Never timed. As root, it runs through
 * {@code unshare -U}, as the embedded server does (PostgreSQL refuses to run as root).
 */
final class ThrowAwayServer implements AutoCloseable {

    private final PostgresTools tools;

    private final Path data;

    private final int port;

    private ThrowAwayServer(PostgresTools tools, Path data, int port) {
        this.tools = tools;
        this.data = data;
        this.port = port;
    }

    static ThrowAwayServer start(PostgresTools tools, Path directory) {
        Path data = directory.resolve("data");
        int port = freePort();
        PostgresTools.run(command(tools, "initdb", "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C"), Map.of(), null);
        PostgresTools.run(command(tools, "pg_ctl", "-D", data.toString(), "-l", directory.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "start"),
                Map.of(), null);
        return new ThrowAwayServer(tools, data, port);
    }

    int port() {
        return port;
    }

    DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] { "127.0.0.1" });
        dataSource.setPortNumbers(new int[] { port });
        dataSource.setDatabaseName(database);
        dataSource.setUser("postgres");
        return dataSource;
    }

    @Override
    public void close() {
        PostgresTools.run(command(tools, "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop"), Map.of(), null);
    }

    private static List<String> command(PostgresTools tools, String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(tools.binDir().resolve(program).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Path createDirectory() {
        try {
            Path directory = Files.createTempDirectory("confiture-dump-server");
            // the server runs as another user (unshare -U maps it to nobody) and must write here
            directory.toFile().setWritable(true, false);
            directory.toFile().setExecutable(true, false);
            directory.toFile().setReadable(true, false);
            return directory;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
