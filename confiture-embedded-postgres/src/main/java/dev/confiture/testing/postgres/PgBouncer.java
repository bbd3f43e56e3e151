package dev.confiture.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real PgBouncer in front of a test database, in transaction pooling mode (the most common pooler setting), for
 * tests that must hold through a pooler. Uses the {@code pgbouncer} binary on the machine (Debian's package); when
 * there is none, {@link #unavailableReason()} says so and tests skip themselves with that reason. As root, PgBouncer
 * is started with {@code -u nobody}, since it refuses to run as root.
 */
public final class PgBouncer implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer",
            "/usr/local/bin/pgbouncer");

    private final Process process;

    private final Path directory;

    private final int port;

    private final TestDatabase database;

    private PgBouncer(Process process, Path directory, int port, TestDatabase database) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.database = database;
    }

    /**
     * @return why PgBouncer cannot run here, or {@code null} when it can
     */
    public static @Nullable String unavailableReason() {
        return (binary() == null) ? "no pgbouncer binary on this machine (looked in " + BINARIES + "); install it, "
                + "e.g. apt-get install pgbouncer, to run the tests through a transaction-mode pooler" : null;
    }

    /**
     * Starts PgBouncer in front of {@code database}: {@code pool_mode = transaction}, {@code default_pool_size}
     * server connections, on a free port of 127.0.0.1.
     * @param database the database to pool
     * @param poolSize the server connections PgBouncer may open
     * @return the running pooler; close it to stop it
     */
    public static PgBouncer start(TestDatabase database, int poolSize) {
        String binary = binary();
        if (binary == null) {
            throw new IllegalStateException(unavailableReason());
        }
        URI server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        try {
            Path directory = Files.createTempDirectory("pgbouncer");
            int port = freePort();
            Path config = directory.resolve("pgbouncer.ini");
            Files.writeString(config, String.join("\n",
                    "[databases]",
                    database.name() + " = host=" + server.getHost() + " port=" + server.getPort() + " dbname="
                            + database.name() + " user=" + database.user()
                            + (database.password().isEmpty() ? "" : " password=" + database.password()),
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = any",
                    "pool_mode = transaction",
                    "default_pool_size = " + poolSize,
                    "max_client_conn = 200",
                    "server_reset_query =",
                    "ignore_startup_parameters = extra_float_digits,options",
                    "logfile = " + directory.resolve("pgbouncer.log"),
                    "pidfile = " + directory.resolve("pgbouncer.pid"),
                    ""));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-rw-rw-"));
            List<String> command = new ArrayList<>(List.of(binary));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "nobody"));
            }
            command.add(config.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("stdout.log").toFile()).start();
            awaitListening(process, port, directory);
            return new PgBouncer(process, directory, port, database);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return a JDBC URL of the database through the pooler, with {@code prepareThreshold=0} (server-side prepared
     * statements do not survive transaction pooling in PgBouncer 1.18)
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database.name() + "?prepareThreshold=0";
    }

    /**
     * @return the pooler's log, for failure messages
     */
    public String log() {
        try {
            return Files.readString(directory.resolve("pgbouncer.log"));
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static @Nullable String binary() {
        return BINARIES.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(Process process, int port, Path directory) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("stdout.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            }
            catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for pgbouncer", ex);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("pgbouncer did not listen on port " + port + " within 15 s: "
                + Files.readString(directory.resolve("stdout.log")));
    }
}
