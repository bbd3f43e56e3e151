package dev.confiture.spring.boot.docker.compose;

import dev.confiture.spring.boot.autoconfigure.ConfitureConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Makes the database Boot connects to from a service connection (a Docker Compose {@code postgres} service) the one
 * Confiture migrates: adapts its {@link JdbcConnectionDetails}.
 */
final class JdbcAdaptingConfitureConnectionDetailsFactory
        implements ConnectionDetailsFactory<JdbcConnectionDetails, ConfitureConnectionDetails> {

    @Override
    public ConfitureConnectionDetails getConnectionDetails(JdbcConnectionDetails input) {
        return new ConfitureConnectionDetails() {

            @Override
            public String getJdbcUrl() {
                return input.getJdbcUrl();
            }

            @Override
            public @Nullable String getUsername() {
                return input.getUsername();
            }

            @Override
            public @Nullable String getPassword() {
                return input.getPassword();
            }

            @Override
            public String getDriverClassName() {
                return input.getDriverClassName();
            }
        };
    }
}
