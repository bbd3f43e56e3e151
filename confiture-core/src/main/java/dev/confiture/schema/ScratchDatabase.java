package dev.confiture.schema;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.Setting;
import dev.confiture.config.ConfitureConfiguration;
import dev.confiture.config.ScratchDataSources;
import dev.confiture.tracking.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away database on the same server as the configured DataSource: created with
 * {@code CREATE DATABASE confiture_scratch_<random> TEMPLATE template0} with the encoding and locale of the
 * configured database, dropped ({@code WITH (FORCE)}) on {@link #close()}. The configured user needs the
 * {@code CREATEDB} privilege.
 */
public final class ScratchDatabase implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ScratchDatabase.class);

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final DataSource admin;

    private final String name;

    private final DataSource dataSource;

    private ScratchDatabase(DataSource admin, String name, DataSource dataSource) {
        this.admin = admin;
        this.name = name;
        this.dataSource = dataSource;
    }

    /**
     * Creates a scratch database.
     * @param configuration the configuration (its DataSource and {@code scratchDataSources})
     * @param purpose what it is for, in messages, e.g. {@code "drift"}
     * @return the database; close it to drop it
     * @throws ConfitureException {@code SCRATCH_DATABASE_FAILED} naming the missing privilege when the user
     * may not create databases, or the error when the server refuses
     */
    public static ScratchDatabase create(ConfitureConfiguration configuration, String purpose) {
        String name = "confiture_scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String user = "the configured user";
        try (Connection connection = configuration.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            user = connection.getMetaData().getUserName();
            String options = "";
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT pg_encoding_to_char(encoding), datcollate, datctype "
                            + "FROM pg_database WHERE datname = current_database()")) {
                if (result.next()) {
                    options = " ENCODING " + TableName.literal(result.getString(1)) + " LC_COLLATE " + TableName.literal(result.getString(2))
                            + " LC_CTYPE " + TableName.literal(result.getString(3));
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + TableName.quote(name) + " TEMPLATE template0" + options);
            }
        }
        catch (SQLException ex) {
            if (INSUFFICIENT_PRIVILEGE.equals(ex.getSQLState())) {
                throw new ConfitureException(ErrorCode.SCRATCH_DATABASE_FAILED, "The database user " + user
                        + " may not create databases, and " + purpose + " builds the expected schema in a scratch "
                        + "database on the same server: " + ex.getMessage(), null, "Grant the CREATEDB privilege (ALTER ROLE "
                        + TableName.quote(user) + " CREATEDB), or run " + purpose + " as a user that has it "
                        + "(" + Setting.DATA_SOURCE.token() + ")", ex);
            }
            throw new ConfitureException(ErrorCode.SCRATCH_DATABASE_FAILED, "Could not create the scratch database "
                    + name + " for " + purpose + ": " + ex.getMessage() + " (SQLSTATE " + ex.getSQLState() + ")", null,
                    "Check that the database is reachable and that " + user + " may create databases", ex);
        }
        logger.debug("Created scratch database {} for {}", name, purpose);
        ScratchDataSources factory = (configuration.schemaFiles().scratchDataSources() != null) ? configuration.schemaFiles().scratchDataSources()
                : new DerivedScratchDataSources(configuration.dataSource());
        try {
            return new ScratchDatabase(configuration.dataSource(), name, factory.forDatabase(name));
        }
        catch (RuntimeException ex) {
            drop(configuration.dataSource(), name);
            throw ex;
        }
    }

    /** @return the database name */
    public String name() {
        return name;
    }

    /** @return a DataSource connected to the scratch database */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Opens a connection to the scratch database.
     * @return the connection; the caller closes it
     * @throws ConfitureException {@code SCRATCH_DATABASE_FAILED} when it cannot be reached
     */
    public Connection connect() {
        try {
            return dataSource.getConnection();
        }
        catch (SQLException ex) {
            throw new ConfitureException(ErrorCode.SCRATCH_DATABASE_FAILED, "Could not connect to the scratch database "
                    + name + ": " + ex.getMessage(), null, "Configure how to reach it: "
                    + "ConfitureConfiguration.scratchDataSources(name -> dataSourceFor(name))", ex);
        }
    }

    /**
     * Drops the database; a failure is logged with the statement to run by hand.
     */
    @Override
    public void close() {
        drop(admin, name);
    }

    private static void drop(DataSource admin, String name) {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("DROP DATABASE IF EXISTS " + TableName.quote(name) + " WITH (FORCE)");
            logger.debug("Dropped scratch database {}", name);
        }
        catch (SQLException ex) {
            logger.warn("Could not drop the scratch database {}: {}. Drop it by hand: DROP DATABASE {} WITH (FORCE)", name,
                    ex.getMessage(), TableName.quote(name));
        }
    }


    @Override
    public String toString() {
        return name;
    }
}
