package dev.confiture.testing.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An existing PostgreSQL server named by a JDBC URL, used instead of the embedded server when
 * {@code CONFITURE_TEST_JDBC_URL} is set. The URL's user must be allowed to create databases.
 */
final class ExternalPostgresServer implements PostgresServer {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");

    private final String prefix;
    private final String parameters;
    private final String user;
    private final String password;

    ExternalPostgresServer(String jdbcUrl, String user, String password) {
        Matcher matcher = URL.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("CONFITURE_TEST_JDBC_URL '" + jdbcUrl.replaceAll("password=[^&]*", "password=***")
                    + "' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database?user=...");
        }
        this.prefix = matcher.group(1);
        this.parameters = matcher.group(3) == null ? "" : matcher.group(3);
        this.user = user;
        this.password = password;
    }

    @Override
    public String jdbcUrl(String database) {
        return prefix + database + parameters;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String description() {
        return "external PostgreSQL at " + prefix;
    }
}
