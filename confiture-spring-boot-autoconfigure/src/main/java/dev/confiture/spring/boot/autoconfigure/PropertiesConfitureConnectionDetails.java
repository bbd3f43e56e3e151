package dev.confiture.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * {@link ConfitureConnectionDetails} from {@code confiture.url}, {@code confiture.user} and {@code confiture.password}.
 */
final class PropertiesConfitureConnectionDetails implements ConfitureConnectionDetails {

    private final ConfitureProperties properties;

    PropertiesConfitureConnectionDetails(ConfitureProperties properties) {
        this.properties = properties;
    }

    @Override
    public @Nullable String getJdbcUrl() {
        return properties.getUrl();
    }

    @Override
    public @Nullable String getUsername() {
        return properties.getUser();
    }

    @Override
    public @Nullable String getPassword() {
        return properties.getPassword();
    }
}
