package dev.confiture.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The floor a JVM migration tool that keeps Confiture's promise cannot go below: the least work the promise needs and
 * nothing else, as a contender of P8 and P9 (a fresh JVM per round like the others). It reads and hashes every
 * {@code *.up.sql} file, reads the versions and checksums it recorded, compares them, and commits each pending file
 * together with its tracking row in one round trip ({@code BEGIN; SET LOCAL synchronous_commit = off; <file>; INSERT;
 * COMMIT}), then makes the commits durable with one WAL flush before it reports. No lock, no event log, no lock guard,
 * no session reset, no timeouts, no error locations, no listeners: what Confiture does on top of it is the rest of its
 * time. A measuring stick, never a migration tool.
 */
final class JdbcFloor {

    /** Its own tracking table, in the database of the round. */
    private static final String TABLE = "jdbc_floor_tracking";

    private JdbcFloor() {
    }

    /**
     * @return how many files it applied (0 when everything was recorded, with every checksum equal)
     */
    static int migrate(DataSource dataSource, Path directory) {
        try {
            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.filter(file -> file.getFileName().toString().endsWith(".up.sql")).sorted().toList();
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (version text PRIMARY KEY, checksum text "
                        + "NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
                Map<String, String> recorded = new HashMap<>();
                try (ResultSet rows = statement.executeQuery("SELECT version, checksum FROM " + TABLE)) {
                    while (rows.next()) {
                        recorded.put(rows.getString(1), rows.getString(2));
                    }
                }
                int applied = 0;
                for (Path file : files) {
                    byte[] bytes = Files.readAllBytes(file);
                    String checksum = HexFormat.of().formatHex(sha256.digest(bytes));
                    String name = file.getFileName().toString();
                    String version = name.substring(0, name.indexOf('_'));
                    String known = recorded.get(version);
                    if (known != null) {
                        if (!known.equals(checksum)) {
                            throw new IllegalStateException(name + " changed since it was applied");
                        }
                        continue;
                    }
                    statement.execute("BEGIN; SET LOCAL synchronous_commit = off; "
                            + new String(bytes, StandardCharsets.UTF_8) + "\n; INSERT INTO " + TABLE
                            + " (version, checksum) VALUES ('" + version + "', '" + checksum + "'); COMMIT");
                    applied++;
                }
                if (applied > 0) {
                    statement.execute("SELECT pg_catalog.pg_logical_emit_message(true, 'jdbc_floor', 'flush')");
                }
                return applied;
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
