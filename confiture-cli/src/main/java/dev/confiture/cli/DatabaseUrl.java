package dev.confiture.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A database URL as users write it, turned into what the PostgreSQL JDBC driver takes: a JDBC URL
 * plus user and password.
 *
 * <p>Accepted forms:
 * <ul>
 * <li>{@code postgresql://user:password@host:port/database?params} (also {@code postgres://}), the
 * libpq form upstream Confiture writes in {@code database_url}. User and password are
 * percent-decoded ({@code %40} is {@code @}; a {@code +} stays a {@code +}); a missing host is
 * {@code localhost}. Query parameters are passed on, with libpq's {@code application_name} and
 * {@code connect_timeout} renamed to the driver's {@code ApplicationName} and {@code connectTimeout},
 * and {@code user}/{@code password} taken out like the user info. As libpq does, the {@code PG*} environment
 * variables fill what the URL leaves out: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER},
 * {@code PGPASSWORD}, {@code PGOPTIONS} (the driver's {@code options}: a {@code search_path} set there decides, as for
 * upstream Confiture, which tracking table a bare name finds), {@code PGSSLMODE} and {@code PGAPPNAME}.</li>
 * <li>{@code jdbc:postgresql://host:port/database?params}; {@code user} and {@code password} query
 * parameters are taken out of the URL (so messages never show the password).</li>
 * </ul>
 *
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the user the URL names, or {@code null}
 * @param password the password the URL names, or {@code null}
 */
record DatabaseUrl(String jdbcUrl, @Nullable String user, @Nullable String password) {

    private static final String JDBC_PREFIX = "jdbc:postgresql:";

    private static final Map<String, String> LIBPQ_PARAMETERS = Map.of("application_name", "ApplicationName",
            "connect_timeout", "connectTimeout");

    /**
     * @param text the URL
     * @param source where it comes from, for messages (e.g. {@code --url}, {@code CONFITURE_URL})
     * @return the JDBC form
     * @throws UsageException naming {@code source} when the URL is not a PostgreSQL URL
     */
    static DatabaseUrl parse(String text, String source) {
        return parse(text, source, Map.of());
    }

    /**
     * @param text the URL
     * @param source where it comes from, for messages
     * @param environment the environment variables, whose {@code PG*} ones fill what a {@code postgresql://} URL
     * leaves out
     * @return the JDBC form
     * @throws UsageException naming {@code source} when the URL is not a PostgreSQL URL
     */
    static DatabaseUrl parse(String text, String source, Map<String, String> environment) {
        String url = text.trim();
        if (url.regionMatches(true, 0, JDBC_PREFIX, 0, JDBC_PREFIX.length())) {
            return fromJdbc(url, source);
        }
        String lower = url.toLowerCase(Locale.ROOT);
        for (String scheme : List.of("postgresql://", "postgres://")) {
            if (lower.startsWith(scheme)) {
                return fromLibpq(url.substring(scheme.length()), source, environment);
            }
        }
        throw new UsageException(source + ": '" + mask(url) + "' is not a PostgreSQL URL; write "
                + "postgresql://user:password@host:5432/database or jdbc:postgresql://host:5432/database");
    }

    private static DatabaseUrl fromJdbc(String url, String source) {
        int query = url.indexOf('?');
        if (query < 0) {
            return new DatabaseUrl(url, null, null);
        }
        Query parameters = Query.split(url.substring(query + 1), source, Map.of());
        return new DatabaseUrl(url.substring(0, query) + parameters.rest(), parameters.user(), parameters.password());
    }

    private static DatabaseUrl fromLibpq(String rest, String source, Map<String, String> environment) {
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = (authorityEnd < 0) ? rest : rest.substring(0, authorityEnd);
        String afterAuthority = (authorityEnd < 0) ? "" : rest.substring(authorityEnd);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode((colon < 0) ? userInfo : userInfo.substring(0, colon), source, "user");
            password = (colon < 0) ? null : decode(userInfo.substring(colon + 1), source, "password");
            user = user.isEmpty() ? null : user;
        }
        if (authority.startsWith("%2F") || authority.startsWith("%2f") || authority.startsWith("/")) {
            throw new UsageException(source + ": the host is a Unix-domain socket directory, which the JDBC driver "
                    + "cannot use; write host:port, e.g. postgresql://localhost:5432/database");
        }
        String pgHost = variable(environment, "PGHOST");
        if (authority.isEmpty() && pgHost != null && pgHost.startsWith("/")) {
            throw new UsageException("PGHOST=" + pgHost + " is a Unix-domain socket directory, which the JDBC driver "
                    + "cannot use; name a host in the URL or in PGHOST, e.g. localhost");
        }
        String hosts = !authority.isEmpty() ? authority : (pgHost != null) ? pgHost : "localhost";
        String pgPort = variable(environment, "PGPORT");
        if (pgPort != null && !hosts.contains(",") && !hosts.matches(".*:\\d+$")) {
            hosts = hosts + ":" + pgPort;
        }
        int query = afterAuthority.indexOf('?');
        String path = (query < 0) ? afterAuthority : afterAuthority.substring(0, query);
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() && variable(environment, "PGDATABASE") != null) {
            database = variable(environment, "PGDATABASE");
        }
        Query parameters = (query < 0) ? new Query("", null, null)
                : Query.split(afterAuthority.substring(query + 1), source, LIBPQ_PARAMETERS);
        String driverParameters = parameters.rest();
        for (Map.Entry<String, String> fallback : LIBPQ_VARIABLES) {
            String value = variable(environment, fallback.getKey());
            if (value != null && !driverParameters.matches("(?:^\\?|.*&)" + fallback.getValue() + "=.*")) {
                driverParameters = driverParameters + (driverParameters.isEmpty() ? "?" : "&") + fallback.getValue() + "="
                        + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        String urlUser = (parameters.user() != null) ? parameters.user() : user;
        String urlPassword = (parameters.password() != null) ? parameters.password() : password;
        return new DatabaseUrl(JDBC_PREFIX + "//" + hosts + "/" + database + driverParameters,
                (urlUser != null) ? urlUser : variable(environment, "PGUSER"),
                (urlPassword != null) ? urlPassword : variable(environment, "PGPASSWORD"));
    }

    /** libpq's variables that become a driver parameter when the URL does not set it. */
    private static final List<Map.Entry<String, String>> LIBPQ_VARIABLES = List.of(Map.entry("PGOPTIONS", "options"),
            Map.entry("PGSSLMODE", "sslmode"), Map.entry("PGAPPNAME", "ApplicationName"));

    private static @Nullable String variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return (value == null || value.isBlank()) ? null : value;
    }

    /**
     * @return the URL for messages: the JDBC URL (it never carries the password)
     */
    @Override
    public String toString() {
        return jdbcUrl + ((user != null) ? " as " + user : "");
    }

    /**
     * @param url a URL as the user wrote it
     * @return the URL with the password of a {@code user:password@} part and of a {@code password=}
     * parameter replaced by {@code ***}
     */
    static String mask(String url) {
        // a password may hold '/' or '?' (a secret substituted with ${VAR} is not URL-encoded): mask up to the '@'
        return url.replaceAll("(://[^:/@?]*:)[^@]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Percent-decodes as URIs do: {@code %XX} sequences are UTF-8 bytes; {@code +} is not a space.
     */
    static String decode(String text, String source, String what) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new UsageException(source + ": the " + what + " has a '%' that is not followed by two hex "
                            + "digits; write a literal % as %25");
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            }
            else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        }
        catch (CharacterCodingException ex) {
            throw new UsageException(source + ": the " + what + " is not percent-encoded UTF-8");
        }
    }

    /**
     * A query string with {@code user} and {@code password} taken out.
     *
     * @param rest the remaining parameters, with a leading {@code ?} (or empty)
     * @param user the decoded {@code user} parameter, or {@code null}
     * @param password the decoded {@code password} parameter, or {@code null}
     */
    private record Query(String rest, @Nullable String user, @Nullable String password) {

        static Query split(String query, String source, Map<String, String> renames) {
            List<String> kept = new ArrayList<>();
            String user = null;
            String password = null;
            for (String parameter : query.split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = (equals < 0) ? parameter : parameter.substring(0, equals);
                String value = (equals < 0) ? "" : parameter.substring(equals + 1);
                if (name.equals("user")) {
                    user = decode(value, source, "user");
                }
                else if (name.equals("host") && decode(value, source, "host").startsWith("/")) {
                    throw new UsageException(source + ": host=" + decode(value, source, "host") + " is a Unix-domain "
                            + "socket directory, which the JDBC driver cannot use; connect over TCP instead, e.g. "
                            + "postgresql://localhost:5432/database (PostgreSQL listens on localhost by default)");
                }
                else if (name.equals("password")) {
                    password = decode(value, source, "password");
                }
                else {
                    kept.add(renames.getOrDefault(name, name) + ((equals < 0) ? "" : "=" + value));
                }
            }
            return new Query(kept.isEmpty() ? "" : "?" + String.join("&", kept), user, password);
        }
    }
}
