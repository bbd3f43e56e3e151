package dev.confiture.jdbc;

/**
 * PostgreSQL JDBC URLs.
 */
public final class JdbcUrls {

    private static final String PREFIX = "jdbc:postgresql:";

    private JdbcUrls() {
    }

    /**
     * The same URL with another database: {@code jdbc:postgresql://host:5432/app?ssl=true} becomes
     * {@code jdbc:postgresql://host:5432/<database>?ssl=true}; parameters are kept.
     * @param url a {@code jdbc:postgresql:} URL
     * @param database the database name (URL-encoded here)
     * @return the URL
     */
    public static String withDatabase(String url, String database) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url.replaceAll("password=[^&]*", "password=***"));
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String path = (query >= 0) ? rest.substring(0, query) : rest;
        String parameters = (query >= 0) ? rest.substring(query) : "";
        String encoded = java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
        if (path.startsWith("//")) {
            int slash = path.indexOf('/', 2);
            String authority = (slash >= 0) ? path.substring(0, slash) : path;
            return PREFIX + authority + "/" + encoded + parameters;
        }
        return PREFIX + encoded + parameters;
    }
}
