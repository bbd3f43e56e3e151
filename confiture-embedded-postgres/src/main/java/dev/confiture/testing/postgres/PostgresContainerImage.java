package dev.confiture.testing.postgres;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL image of container tests: {@code CONFITURE_TEST_IMAGE} (environment variable or system property),
 * {@code postgres:17} by default, declared a substitute for the official {@code postgres} image so that
 * {@code PostgreSQLContainer} accepts it. Lets a machine without a registry run the same tests on an image built
 * locally; users of the official image need none of this.
 */
public final class PostgresContainerImage {

    /** The image when {@code CONFITURE_TEST_IMAGE} is not set. */
    public static final String DEFAULT = "postgres:17";

    private static final long PULL_SECONDS = 120;

    private static @Nullable Optional<String> unavailability;

    private PostgresContainerImage() {
    }

    /**
     * @return the image to start PostgreSQL containers from
     */
    public static DockerImageName fromEnvironment() {
        String configured = SharedPostgres.setting("CONFITURE_TEST_IMAGE");
        return DockerImageName.parse(configured != null ? configured : DEFAULT).asCompatibleSubstituteFor("postgres");
    }

    /**
     * Whether a PostgreSQL container can start here: a Docker engine answers and has the image, or pulls it within two
     * minutes (Testcontainers itself would retry a failing pull for many minutes). Checked once per JVM.
     * @return empty when it can, else why not, in a sentence that says what to do
     */
    public static synchronized Optional<String> unavailability() {
        if (unavailability == null) {
            unavailability = Optional.ofNullable(whyUnavailable());
        }
        return unavailability;
    }

    private static @Nullable String whyUnavailable() {
        if (!ContainerPostgresServer.dockerAnswers()) {
            return "Testcontainers could not use a Docker engine (none answers, or its start-up checks failed: without "
                    + "TESTCONTAINERS_RYUK_DISABLED=true they pull and start its Ryuk container)";
        }
        String image = fromEnvironment().asCanonicalNameString();
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(image).exec();
            return null;
        }
        catch (NotFoundException absent) {
            try {
                // the whole reference (registry, repository, tag or digest): docker-java splits it as docker pull does
                boolean done = docker.pullImageCmd(image).start().awaitCompletion(PULL_SECONDS, TimeUnit.SECONDS);
                return done ? null : "image " + image + " did not pull within " + PULL_SECONDS + " s" + WHAT_TO_DO;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return "interrupted while pulling image " + image;
            }
            catch (RuntimeException ex) {
                return "image " + image + " is not on this Docker engine and could not be pulled (" + String.valueOf(ex.getMessage()).strip() + ")"
                        + WHAT_TO_DO;
            }
        }
    }

    private static final String WHAT_TO_DO = ": set CONFITURE_TEST_IMAGE to a PostgreSQL image the engine has";
}
