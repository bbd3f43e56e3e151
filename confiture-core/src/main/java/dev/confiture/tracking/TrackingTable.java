package dev.confiture.tracking;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The Trinity tracking table: exactly one row per applied migration (docs/architecture.md, "Records in the
 * database"), readable and writable by upstream Confiture as well.
 *
 * <p>A table created by an older upstream release lacks {@code applied_by}; like upstream, Confiture
 * adds that nullable column when it migrates. Every row is an applied migration, as upstream reads it, whatever
 * other columns a tool added.
 */
public final class TrackingTable {

    /** The schema a tracking table is in unless configured otherwise. */
    private static final String DEFAULT_SCHEMA = "public";

    private static final List<String> REQUIRED_COLUMNS = List.of("id", "pk_confiture", "slug", "version", "name",
            "applied_at", "execution_time_ms", "checksum");

    private final TableName name;

    /** {@code insertSql(1)}: one per migration a run applies, built once. */
    private final String insertOne;

    private volatile @Nullable RowsRead lastRead;

    /**
     * @param name the table
     */
    public TrackingTable(TableName name) {
        this.name = name;
        this.insertOne = insertSql(1);
    }

    /**
     * @return the table name
     */
    public TableName name() {
        return name;
    }

    /**
     * Creates the schema, the table and its indexes when missing, in one round trip (and one implicit transaction in
     * autocommit mode, so that a failure leaves no table without its indexes), and adds {@code applied_by} to a table
     * an older upstream release created. Runs in the connection's current transaction mode.
     * @param connection the connection
     * @throws SQLException if the server refuses
     */
    public void ensureExists(Connection connection) throws SQLException {
        Set<String> columns = columns(connection);
        try (Statement statement = connection.createStatement()) {
            if (columns.isEmpty()) {
                List<String> ddl = new ArrayList<>();
                if (!schemaExists(connection)) {
                    ddl.add("CREATE SCHEMA IF NOT EXISTS " + TableName.quote(name.schema()));
                }
                ddl.add("CREATE TABLE IF NOT EXISTS " + name.sql() + " ("
                        + "id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
                        + "pk_confiture BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, "
                        + "slug TEXT NOT NULL UNIQUE, "
                        + "version VARCHAR(255) NOT NULL UNIQUE, "
                        + "name VARCHAR(255) NOT NULL, "
                        + "applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW(), "
                        + "execution_time_ms INTEGER, "
                        + "checksum VARCHAR(64), "
                        + "applied_by TEXT)");
                ddl.add(createIndex("pk_confiture", "pk_confiture"));
                ddl.add(createIndex("slug", "slug"));
                ddl.add(createIndex("version", "version"));
                ddl.add(createIndex("applied_at", "applied_at DESC"));
                statement.execute(String.join("; ", ddl));
            }
            else {
                checkShape(columns);
                if (!columns.contains("applied_by")) {
                    statement.execute("ALTER TABLE " + name.sql() + " ADD COLUMN IF NOT EXISTS applied_by TEXT");
                }
            }
        }
    }

    /**
     * @param connection the connection
     * @return whether the table exists
     * @throws SQLException if the server refuses
     */
    public boolean exists(Connection connection) throws SQLException {
        return !columns(connection).isEmpty();
    }

    /**
     * @param connection the connection
     * @return whether the table exists as {@link #ensureExists(Connection)} leaves it: a run that finds it so need not
     * create or change it
     * @throws SQLException if the server refuses
     */
    public boolean isCurrent(Connection connection) throws SQLException {
        Set<String> columns = columns(connection);
        return columns.containsAll(REQUIRED_COLUMNS) && columns.contains("applied_by");
    }

    /**
     * Reads the applied migrations in the order they were applied; none when the table is missing.
     *
     * <p>The rows read last are kept with the table's {@linkplain #rowVersions row versions} and columns, and
     * handed out again while both are unchanged, so a status request or a startup check with 1,000 applied
     * migrations asks the server for one number instead of 1,000 rows.
     * @param connection the connection
     * @return the rows, unmodifiable
     * @throws SQLException if the server refuses
     */
    public List<AppliedMigration> read(Connection connection) throws SQLException {
        Set<String> columns = columns(connection);
        if (columns.isEmpty()) {
            return List.of();
        }
        checkShape(columns);
        // The row versions are read before the rows: a change committed in between then makes the next
        // comparison fail and the rows are read again, never the other way round.
        String rowVersions = rowVersions(connection);
        RowsRead previous = lastRead;
        if (previous != null && previous.rowVersions().equals(rowVersions) && previous.columns().equals(columns)) {
            return previous.rows();
        }
        List<AppliedMigration> rows = List.copyOf(readRows(connection, columns));
        lastRead = new RowsRead(Set.copyOf(columns), rowVersions, rows);
        return rows;
    }

    /**
     * What identifies the table's current rows: its database and table oid, the row count and the sum of a
     * 64-bit hash of every row version's {@code (ctid, xmin)}. An insert, update or delete by anyone creates or
     * removes a row version, and a new row version has a {@code xmin} (the transaction that wrote it) that no row
     * version read before had, so any change changes this text (up to a 64-bit hash collision). Read-only.
     */
    private String rowVersions(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_database() || ':' || "
                + "to_regclass(?)::oid || ':' || (" + rowVersionsQuery(name) + ")")) {
            statement.setString(1, name.sql());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    /**
     * @param table a tracking table that exists
     * @return a query of one text that changes whenever any row of the table changes: the row count and the sum of
     * a 64-bit hash of every row version's {@code (ctid, xmin)}
     */
    static String rowVersionsQuery(TableName table) {
        return "SELECT count(*) || ':' || coalesce(sum(hashtextextended(ctid::text, xmin::text::bigint)), 0) FROM "
                + table.sql();
    }

    private List<AppliedMigration> readRows(Connection connection, Set<String> columns) throws SQLException {
        String appliedBy = columns.contains("applied_by") ? "applied_by" : "NULL::text";
        List<AppliedMigration> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, pk_confiture, slug, version, name, applied_at, "
                        + "execution_time_ms, checksum, " + appliedBy + ", " + APPLIED_AT_SECONDS + " FROM " + name.sql()
                        + " ORDER BY pk_confiture")) {
            while (result.next()) {
                int executionTime = result.getInt(7);
                Integer executionTimeMs = result.wasNull() ? null : executionTime;
                rows.add(new AppliedMigration(UUID.fromString(result.getString(1)), result.getLong(2),
                        result.getString(3), result.getString(4), result.getString(5), appliedAt(result),
                        executionTimeMs, result.getString(8), result.getString(9)));
            }
        }
        return rows;
    }

    /**
     * {@code applied_at} as whole seconds since the epoch and the microseconds within the second, exactly on every
     * server version ({@code extract(epoch ...)} is a double before PostgreSQL 14) and over the type's whole range,
     * and {@code NULL} for {@code infinity}. Numbers cost a cold JVM far less to decode than the driver's timestamp
     * parsing, for each of a thousand rows on a service's start.
     */
    private static final String APPLIED_AT_SECONDS = "CASE WHEN isfinite(applied_at) THEN "
            + "extract(epoch FROM date_trunc('second', applied_at))::int8 END, "
            + "extract(microseconds FROM applied_at)::int8 % 1000000";

    /** The row's {@code applied_at}, in UTC as the driver gives it; {@code infinity} as the driver maps it. */
    private static OffsetDateTime appliedAt(ResultSet result) throws SQLException {
        long seconds = result.getLong(10);
        if (result.wasNull()) {
            return result.getObject(6, OffsetDateTime.class);
        }
        return Instant.ofEpochSecond(seconds, result.getLong(11) * 1_000L).atOffset(ZoneOffset.UTC);
    }

    /**
     * Records a migration as applied, in the connection's current transaction.
     * @param connection the connection
     * @param row what to record; {@code appliedBy} {@code null} records {@code current_user}
     * @throws SQLException if the server refuses
     */
    public void insert(Connection connection, NewRow row) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertSql())) {
            bind(statement, 1, row);
            statement.executeUpdate();
        }
    }

    /**
     * Records a migration as applied, as the change a {@link RunJournal} commits together with its event.
     * @param row what to record; {@code appliedBy} {@code null} records {@code current_user}
     * @return the change
     */
    public TrackingChange insertion(NewRow row) {
        return new TrackingChange(insertSql(), (statement, first) -> bind(statement, first, row));
    }

    /**
     * Records many migrations as applied in one statement, in the order given (build's baseline), as
     * {@link #insertion} records one.
     * @param rows what to record, at least one
     * @return the change
     */
    public TrackingChange insertions(List<NewRow> rows) {
        List<NewRow> copy = List.copyOf(rows);
        return new TrackingChange(insertSql(copy.size()), (statement, first) -> {
            int next = first;
            for (NewRow row : copy) {
                next = bind(statement, next, row);
            }
            return next;
        });
    }

    private String insertSql() {
        return insertOne;
    }

    private String insertSql(int rows) {
        return "INSERT INTO " + name.sql() + " (id, slug, version, name, execution_time_ms, checksum, applied_by) VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, COALESCE(?, current_user))"));
    }

    /**
     * @return the index of the next parameter
     */
    private static int bind(PreparedStatement statement, int first, NewRow row) throws SQLException {
        statement.setObject(first, row.id());
        statement.setString(first + 1, row.slug());
        statement.setString(first + 2, row.version());
        statement.setString(first + 3, row.name());
        if (row.executionTimeMs() == null) {
            statement.setNull(first + 4, Types.INTEGER);
        }
        else {
            statement.setInt(first + 4, row.executionTimeMs());
        }
        statement.setString(first + 5, row.checksum());
        statement.setString(first + 6, row.appliedBy());
        return first + 7;
    }

    /**
     * Removes the row of a reverted migration, as the change a {@link RunJournal} commits together with its event.
     * @param version the version text of the row
     * @return the change
     */
    public TrackingChange deletion(String version) {
        return new TrackingChange("DELETE FROM " + name.sql() + " WHERE version = ?", (statement, first) -> {
            statement.setString(first, version);
            return first + 1;
        });
    }

    /**
     * Removes the row of a reverted migration, in the connection's current transaction.
     * @param connection the connection
     * @param version the version text of the row
     * @return whether a row was removed
     * @throws SQLException if the server refuses
     */
    public boolean delete(Connection connection, String version) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + name.sql() + " WHERE version = ?")) {
            statement.setString(1, version);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Records a new checksum for an applied migration (repair), in the connection's current transaction.
     * @param connection the connection
     * @param version the version text of the row
     * @param checksum the new checksum
     * @throws SQLException if the server refuses
     */
    public void updateChecksum(Connection connection, String version, String checksum) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + name.sql()
                + " SET checksum = ? WHERE version = ?")) {
            statement.setString(1, checksum);
            statement.setString(2, version);
            statement.executeUpdate();
        }
    }

    /**
     * A row to insert.
     *
     * @param id the migration's id
     * @param slug {@code {version}_{name}}
     * @param version the version text
     * @param name the name
     * @param executionTimeMs how long it ran, {@code null} for baselined migrations that did not run
     * @param checksum sha256 hex of the up file, if any
     * @param appliedBy who applied it, {@code null} for the database user
     */
    public record NewRow(UUID id, String slug, String version, String name, @Nullable Integer executionTimeMs,
            @Nullable String checksum, @Nullable String appliedBy) {
    }

    private boolean schemaExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?)")) {
            statement.setString(1, name.schema());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /**
     * The table's columns (none when it does not exist), read together with the check that upstream Confiture and
     * this tool read the same table; see {@link #FIRST_ON_SEARCH_PATH}.
     * @throws ConfitureException TRACKING_TABLE_ELSEWHERE when they would not
     */
    private Set<String> columns(Connection connection) throws SQLException {
        Set<String> columns = new HashSet<>();
        String[] elsewhere = null;
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.attname, first.nspname, "
                + "first.qualified, first.reset_val FROM (SELECT 1) one LEFT JOIN pg_catalog.pg_attribute a "
                + "ON a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped LEFT JOIN LATERAL ("
                + FIRST_ON_SEARCH_PATH + ") first ON ? AND first.nspname <> ?")) {
            statement.setString(1, name.sql());
            statement.setString(2, name.table());
            statement.setBoolean(3, name.schema().equals(DEFAULT_SCHEMA));
            statement.setString(4, name.schema());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (result.getString(1) != null) {
                        columns.add(result.getString(1));
                    }
                    if (result.getString(2) != null) {
                        elsewhere = new String[] { result.getString(2), result.getString(3), result.getString(4) };
                    }
                }
            }
        }
        if (elsewhere != null) {
            throw elsewhere(!columns.isEmpty(), elsewhere[0], elsewhere[1], elsewhere[2]);
        }
        return columns;
    }

    /**
     * The first table named like this one along the database's default {@code search_path} (its {@code reset_val}:
     * the role's and database's setting, or the connection's startup options), which is the one upstream Confiture
     * (0.41 and later) and {@code psql} read through the bare name. One parameter: the table name.
     */
    private static final String FIRST_ON_SEARCH_PATH = "SELECT n.nspname, quote_ident(n.nspname) || '.' "
            + "|| quote_ident(c.relname) AS qualified, path.reset_val FROM (SELECT p.ordinality, CASE WHEN p.item = "
            + "'$user' THEN session_user::text ELSE p.item END AS schema, s.reset_val FROM pg_catalog.pg_settings s, "
            + "LATERAL unnest(string_to_array(s.reset_val, ',')) WITH ORDINALITY AS raw(text, ordinality), LATERAL "
            + "(SELECT raw.ordinality, btrim(btrim(raw.text), '\"') AS item) p WHERE s.name = 'search_path') path "
            + "JOIN pg_catalog.pg_namespace n ON n.nspname = path.schema JOIN pg_catalog.pg_class c "
            + "ON c.relnamespace = n.oid AND c.relname = ? AND c.relkind IN ('r', 'p') ORDER BY path.ordinality LIMIT 1";

    /**
     * The tracking table is in {@code public} (the default), but the database's default {@code search_path} finds a
     * table of that name in another schema first: upstream Confiture and {@code psql} read that one. Creating a second
     * table here, or reading this one while upstream reads the other, would apply migrations twice. Only for
     * {@code public}: a schema chosen on purpose (a tenant's) is never second-guessed.
     */
    private ConfitureException elsewhere(boolean bothExist, String schema, String other, String searchPath) {
        if (bothExist) {
            return new ConfitureException(ErrorCode.TRACKING_TABLE_ELSEWHERE, "Two tracking tables: " + name.display()
                    + ", which this tool reads, and " + other + ", which this database's search_path (" + searchPath
                    + ") finds first and upstream Confiture and psql read. The two tools would apply migrations twice",
                    "Set " + Setting.SCHEMA.token() + " to " + schema + " if that is the one; if " + name.display()
                            + " is, put " + name.schema() + " first in the database's search_path (ALTER DATABASE ... SET "
                            + "search_path = " + name.schema() + ", " + schema + ") so that every tool reads it");
        }
        return new ConfitureException(ErrorCode.TRACKING_TABLE_ELSEWHERE, "The tracking table " + name.display()
                + " does not exist, but " + other + " does, and this database's search_path (" + searchPath
                + ") finds it first: upstream Confiture and psql read that one. Creating a second tracking table would "
                + "apply every migration again",
                "Set " + Setting.SCHEMA.token() + " to " + schema + " to use it; if a second tracking table in "
                        + name.schema() + " is really meant, create it first: CREATE TABLE " + name.sql() + " (LIKE "
                        + other + " INCLUDING ALL), and put " + name.schema() + " first in the search_path");
    }

    private void checkShape(Set<String> columns) {
        List<String> missing = REQUIRED_COLUMNS.stream().filter(column -> !columns.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw new ConfitureException(ErrorCode.INVALID_TRACKING_TABLE, "The table " + name.display()
                    + " exists but is not a Confiture tracking table: it has no column " + String.join(", ", missing),
                    "Point " + Setting.TABLE.token() + " (and " + Setting.SCHEMA.token() + ") at the Confiture tracking table, or rename the "
                            + "existing table so Confiture can create its own");
        }
    }

    private String createIndex(String suffix, String key) {
        return "CREATE INDEX IF NOT EXISTS " + TableName.quote("idx_" + name.table() + "_" + suffix) + " ON "
                + name.sql() + " (" + key + ")";
    }

    /**
     * Rows as read, with the columns and {@link #rowVersions} they were read with.
     */
    private record RowsRead(Set<String> columns, String rowVersions, List<AppliedMigration> rows) {
    }
}
