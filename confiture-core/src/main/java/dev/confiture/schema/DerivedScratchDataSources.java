package dev.confiture.schema;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.config.ScratchDataSources;
import dev.confiture.jdbc.JdbcUrls;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * The default {@link ScratchDataSources}: the configured DataSource's settings with another database.
 */
final class DerivedScratchDataSources implements ScratchDataSources {

    private final DataSource dataSource;

    DerivedScratchDataSources(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public DataSource forDatabase(String database) {
        try {
            if (dataSource.isWrapperFor(BaseDataSource.class)) {
                PGSimpleDataSource copy = new PGSimpleDataSource();
                copy.initializeFrom(dataSource.unwrap(BaseDataSource.class));
                copy.setDatabaseName(database);
                return copy;
            }
            String url = property(dataSource, "getJdbcUrl", "getUrl", "getURL");
            if (url != null && url.startsWith("jdbc:postgresql:")) {
                PGSimpleDataSource copy = new PGSimpleDataSource();
                copy.setURL(JdbcUrls.withDatabase(url, database));
                String user = property(dataSource, "getUsername", "getUser");
                String password = property(dataSource, "getPassword");
                if (user != null && !user.isEmpty()) {
                    copy.setUser(user);
                }
                if (password != null && !password.isEmpty()) {
                    copy.setPassword(password);
                }
                return copy;
            }
            try (Connection connection = dataSource.getConnection()) {
                DatabaseMetaData metaData = connection.getMetaData();
                PGSimpleDataSource copy = new PGSimpleDataSource();
                copy.setURL(JdbcUrls.withDatabase(metaData.getURL(), database));
                copy.setUser(metaData.getUserName());
                return copy;
            }
        }
        catch (SQLException | java.io.IOException | ClassNotFoundException | IllegalArgumentException ex) {
            throw new ConfitureException(ErrorCode.SCRATCH_DATABASE_FAILED, "Could not derive the connection settings of "
                    + "the scratch database " + database + " from the configured DataSource: " + ex.getMessage(), null,
                    "Configure ConfitureConfiguration.scratchDataSources(name -> dataSourceFor(name))", ex);
        }
    }

    private static @Nullable String property(Object target, String... getters) {
        for (String getter : getters) {
            try {
                Method method = target.getClass().getMethod(getter);
                if (method.getReturnType() == String.class) {
                    method.trySetAccessible();
                    Object value = method.invoke(target);
                    if (value != null) {
                        return (String) value;
                    }
                }
            }
            catch (ReflectiveOperationException | RuntimeException ex) {
                // not a bean property of this DataSource
            }
        }
        return null;
    }
}
