package dev.confiture.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.jdbc.DatabaseDriver;

/**
 * The database the default Confiture instance migrates when it is not the application's DataSource: from
 * {@code confiture.url}, {@code confiture.user} and {@code confiture.password}, or from a {@code @ServiceConnection}
 * PostgreSQL container or a Docker Compose service, which replace those properties as they replace
 * {@code spring.datasource.*}. Every value {@code null} means "the application's DataSource".
 */
public interface ConfitureConnectionDetails extends ConnectionDetails {

    /**
     * @return the JDBC URL of the database to migrate, or {@code null} to migrate the application's DataSource
     */
    @Nullable String getJdbcUrl();

    /**
     * @return the user to migrate as, or {@code null} for the DataSource's (or the URL's) user
     */
    @Nullable String getUsername();

    /**
     * @return the password of that user, or {@code null}
     */
    @Nullable String getPassword();

    /**
     * @return the JDBC driver's class name: by default the one that serves {@link #getJdbcUrl()}
     */
    default @Nullable String getDriverClassName() {
        String jdbcUrl = getJdbcUrl();
        return (jdbcUrl != null) ? DatabaseDriver.fromJdbcUrl(jdbcUrl).getDriverClassName() : null;
    }
}
