package dev.confiture.testing.postgres;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL in a Testcontainers container, started once per JVM and stopped by a shutdown hook: the backend when
 * {@code CONFITURE_TEST_BACKEND=testcontainers}, or when Testcontainers is on the class path and a Docker engine
 * answers. The image is {@link PostgresContainerImage#fromEnvironment()}.
 */
final class ContainerPostgresServer implements PostgresServer {

    private final PostgreSQLContainer container;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    static ContainerPostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(PostgresContainerImage.fromEnvironment())
                .withCommand("postgres", "-c", "fsync=off", "-c", "full_page_writes=off",
                        "-c", "max_connections=300");
        try {
            container.start();
        }
        catch (RuntimeException ex) {
            throw new IllegalStateException("Could not start PostgreSQL in a container (image "
                    + container.getDockerImageName() + "): " + ex.getMessage() + ". Set CONFITURE_TEST_IMAGE to a "
                    + "PostgreSQL image the Docker engine has or can pull, or CONFITURE_TEST_BACKEND=embedded", ex);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "confiture-test-container-stop"));
        return new ContainerPostgresServer(container);
    }

    /**
     * @return whether the Testcontainers classes are here and a Docker engine answers
     */
    static boolean dockerAnswers() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/" + database;
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String description() {
        return "PostgreSQL in container " + container.getDockerImageName() + " at " + container.getHost() + ":"
                + container.getMappedPort(5432);
    }
}
