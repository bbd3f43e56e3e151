package dev.confiture.config;

import javax.sql.DataSource;

/**
 * Connects to a scratch database: a database Confiture creates on the same server as the configured
 * DataSource (with {@code CREATE DATABASE ... TEMPLATE template0}), uses to build the expected schema for
 * {@code validateSchema}, {@code lint} and {@code drift}, and drops afterwards.
 *
 * <p>By default (when the configuration names none) the connection settings are taken from the configured
 * DataSource: a PostgreSQL driver DataSource ({@code PGSimpleDataSource} and friends) is copied with another
 * database name; a pool or driver DataSource with bean getters for a JDBC URL ({@code getJdbcUrl()} or
 * {@code getUrl()}), a user and a password (HikariCP, Commons DBCP, Tomcat JDBC, Spring's
 * {@code DriverManagerDataSource}) is read through them; otherwise the URL and user of an open
 * connection are used, without a password (enough with {@code trust}, a {@code .pgpass} file, or a password
 * in the URL). Configure your own when none of these fits.
 */
@FunctionalInterface
public interface ScratchDataSources {

    /**
     * @param database the scratch database's name
     * @return a DataSource that connects to that database on the same server, as a user that may create
     * objects in it
     */
    DataSource forDatabase(String database);
}
