package dev.confiture.fleet;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.tracking.TableName;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads the central migration log (the {@code tb_confiture_event} table every starter and CLI with a central log
 * writes to) back across environments: which databases reported, and each migration's state in each of them. The
 * events are read in the order the central database received them ({@code pk_confiture_event}), never by the
 * senders' clocks, which may disagree; both times are shown.
 */
public final class CentralLog {

    /** The kinds of event that change a migration's state. */
    private static final List<String> LIFECYCLE = List.of("migrate", "baseline", "rollback", "repair");

    private final DataSource dataSource;

    private final TableName eventTable;

    /**
     * A central log in {@code public.tb_confiture_event}.
     * @param dataSource the central database
     */
    public CentralLog(DataSource dataSource) {
        this(dataSource, new TableName("public", "tb_confiture_event"));
    }

    /**
     * @param dataSource the central database
     * @param eventTable its event table
     */
    public CentralLog(DataSource dataSource, TableName eventTable) {
        this.dataSource = dataSource;
        this.eventTable = eventTable;
    }

    /**
     * @return every database that reported and every migration's state in each
     * @throws ConfitureException DATABASE_ERROR when the central database cannot be read
     */
    public FleetReport fleetStatus() {
        return read(null);
    }

    /**
     * One migration everywhere: its state in every database that reported, and its events in the order the central
     * database received them.
     * @param migration the migration's stable id, slug or version
     * @return the report, with that migration only and its {@link FleetReport#history()}
     * @throws ConfitureException UNKNOWN_VERSION when no event names that migration
     */
    public FleetReport fleetStatus(String migration) {
        return read(migration);
    }

    private FleetReport read(@Nullable String migration) {
        try (Connection connection = dataSource.getConnection()) {
            if (!eventTable.existsIn(connection)) {
                throw new ConfitureException(ErrorCode.DATABASE_ERROR, "The central log has no event table "
                        + eventTable.display(), "Point the central log at the database every migrator writes its events to "
                                + "(it creates the table with its first event)");
            }
            String receivedAt = eventTable.hasColumn(connection, "received_at") ? "received_at" : "NULL::timestamptz";
            String columns = "environment, details->>'database', kind, status, migration_id, slug, host, application, "
                    + "run_id, started_at, finished_at, " + receivedAt + ", error, version";
            List<FleetDatabase> databases = new ArrayList<>();
            for (Row row : rows(connection, "SELECT DISTINCT ON (environment, details->>'database') " + columns
                    + " FROM " + eventTable.sql() + " ORDER BY environment, details->>'database', pk_confiture_event DESC")) {
                databases.add(new FleetDatabase(row.event().environment(), row.event().database(), row.event()));
            }
            Map<UUID, Folded> migrations = new LinkedHashMap<>();
            for (Row row : rows(connection, "SELECT " + columns + " FROM " + eventTable.sql() + " WHERE migration_id "
                    + "IS NOT NULL AND kind IN ('" + String.join("', '", LIFECYCLE) + "') ORDER BY pk_confiture_event")) {
                migrations.computeIfAbsent(Objects.requireNonNull(row.event().migrationId()), id -> new Folded(id))
                        .apply(row);
            }
            List<FleetEvent> history = List.of();
            if (migration != null) {
                Folded chosen = migrations.values().stream().filter(folded -> folded.matches(migration)).findFirst()
                        .orElseThrow(() -> new ConfitureException(ErrorCode.UNKNOWN_VERSION, "No event in the central "
                                + "log " + eventTable.display() + " names migration '" + migration + "'",
                                "Give a migration's id, slug or version as the status JSON shows it"));
                migrations = Map.of(chosen.id, chosen);
                history = rows(connection, "SELECT " + columns + " FROM " + eventTable.sql()
                        + " WHERE migration_id = '" + chosen.id + "' ORDER BY pk_confiture_event").stream()
                        .map(Row::event).toList();
            }
            List<FleetMigration> report = migrations.values().stream()
                    .sorted(Comparator.comparing((Folded folded) -> numeric(folded.version))
                            .thenComparing(folded -> Objects.toString(folded.slug, "")))
                    .map(folded -> folded.toMigration(databases)).toList();
            return new FleetReport(FleetReport.FORMAT_VERSION, eventTable.display(), now(connection), databases, report,
                    history);
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.DATABASE_ERROR, "Could not read the central log "
                    + eventTable.display() + ": " + ex.getMessage(), null, "Check that the central database is "
                            + "reachable and that this user may read the table", ex);
        }
    }

    private static String now(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT now()");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return Objects.requireNonNull(instant(result, 1));
        }
    }

    private static List<Row> rows(Connection connection, String sql) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(new FleetEvent(result.getString(1), result.getString(2), result.getString(3),
                        result.getString(4), result.getObject(5, UUID.class), result.getString(6), result.getString(7),
                        result.getString(8), result.getObject(9, UUID.class), Objects.requireNonNull(instant(result, 10)),
                        instant(result, 11), instant(result, 12), result.getString(13)), result.getString(14)));
            }
        }
        return rows;
    }

    private static @Nullable String instant(ResultSet result, int column) throws SQLException {
        OffsetDateTime time = result.getObject(column, OffsetDateTime.class);
        return (time != null) ? time.toInstant().toString() : null;
    }

    private static BigInteger numeric(@Nullable String version) {
        return (version != null && version.matches("\\d{1,100}")) ? new BigInteger(version) : BigInteger.valueOf(-1);
    }

    /** An event and the version it names. */
    private record Row(FleetEvent event, @Nullable String version) {
    }

    /** One migration's events folded into a state per database, in the order the central database received them. */
    private static final class Folded {

        private final UUID id;

        private @Nullable String slug;

        private @Nullable String version;

        private final Map<List<@Nullable String>, FleetState> states = new LinkedHashMap<>();

        Folded(UUID id) {
            this.id = id;
        }

        void apply(Row row) {
            FleetEvent event = row.event();
            slug = (event.slug() != null) ? event.slug() : slug;
            version = (row.version() != null) ? row.version() : version;
            List<@Nullable String> where = new ArrayList<>();
            where.add(event.environment());
            where.add(event.database());
            FleetState before = states.get(where);
            FleetState.State state = next((before != null) ? before.state() : null, event);
            if (state != null) {
                states.put(where, new FleetState(event.environment(), event.database(), state,
                        (event.finishedAt() != null) ? event.finishedAt() : event.startedAt(), event.host(),
                        event.application(), event.receivedAt()));
            }
        }

        /** The state after an event, or {@code null} when the event changes nothing. */
        private static FleetState.@Nullable State next(FleetState.@Nullable State before, FleetEvent event) {
            String status = event.status();
            return switch (event.kind()) {
                case "migrate" -> status.equals("succeeded") ? FleetState.State.APPLIED
                        : status.equals("failed") ? FleetState.State.FAILED : FleetState.State.STARTED;
                case "baseline" -> status.equals("succeeded") ? FleetState.State.APPLIED : null;
                case "rollback" -> status.equals("succeeded") ? FleetState.State.REVERTED : FleetState.State.ROLLBACK_PENDING;
                // repair accepts a changed checksum (still applied), keeps a rollback-pending one applied, or clears a
                // failed attempt (not applied)
                case "repair" -> (before == FleetState.State.FAILED || before == FleetState.State.STARTED)
                        ? FleetState.State.NOT_APPLIED
                        : (before == FleetState.State.ROLLBACK_PENDING) ? FleetState.State.APPLIED : null;
                default -> null;
            };
        }

        boolean matches(String migration) {
            String wanted = migration.trim();
            return id.toString().equalsIgnoreCase(wanted) || wanted.equals(slug) || wanted.equals(version)
                    || (version != null && wanted.matches("\\d{1,100}") && numeric(version).equals(new BigInteger(wanted)));
        }

        FleetMigration toMigration(List<FleetDatabase> databases) {
            List<FleetState> row = new ArrayList<>();
            for (FleetDatabase database : databases) {
                List<@Nullable String> where = new ArrayList<>();
                where.add(database.environment());
                where.add(database.database());
                FleetState state = states.get(where);
                row.add((state != null) ? state : new FleetState(database.environment(), database.database(),
                        FleetState.State.NEVER_SEEN, null, null, null, null));
            }
            return new FleetMigration(id, slug, version, row);
        }
    }
}
