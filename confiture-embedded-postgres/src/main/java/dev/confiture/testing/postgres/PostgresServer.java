package dev.confiture.testing.postgres;

/**
 * A running PostgreSQL server that test databases are created on.
 */
public interface PostgresServer {

    /**
     * JDBC URL of a database on this server, including the credentials of a superuser.
     * @param database the database name
     * @return the URL
     */
    String jdbcUrl(String database);

    /**
     * @return the user that {@link #jdbcUrl(String)} connects as
     */
    String user();

    /**
     * @return the password of {@link #user()}, empty when the server trusts local connections
     */
    String password();

    /**
     * @return a short description for logs, e.g. {@code embedded PostgreSQL 17.6 on port 5432}
     */
    String description();
}
