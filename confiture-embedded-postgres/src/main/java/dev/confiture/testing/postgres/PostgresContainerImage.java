package dev.confiture.testing.postgres;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
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
     * Whether a PostgreSQL container can start here: a Docker engine answers, has the image or pulls it within two
     * minutes, and Testcontainers' start-up checks pass. Checked once per JVM.
     * <p>
     * The engine and the images are looked at first with a plain client: Testcontainers' own checks start its Ryuk
     * container, and where Ryuk's image is absent and no registry answers they retry the pull for minutes, in every
     * test JVM. Where Ryuk is on and its image is absent, one pull of the PostgreSQL image tells whether a registry
     * answers.
     * @return empty when it can, else why not, in a sentence that says what to do
     */
    public static synchronized Optional<String> unavailability() {
        if (unavailability == null) {
            unavailability = Optional.ofNullable(whyUnavailable());
        }
        return unavailability;
    }

    private static @Nullable String whyUnavailable() {
        String imagesMissing;
        try (DockerClient docker = DockerClientProviderStrategy
                .getClientForConfig(DockerClientFactory.instance().getTransportConfig())) {
            docker.pingCmd().exec();
            imagesMissing = imagesMissing(docker, fromEnvironment().asCanonicalNameString(), ryukEnabled());
        }
        catch (IOException | RuntimeException | LinkageError ex) {
            return "no Docker engine answers (" + String.valueOf(ex.getMessage()).strip() + ")";
        }
        if (imagesMissing != null) {
            return imagesMissing;
        }
        return ContainerPostgresServer.dockerAnswers() ? null
                : "Testcontainers' start-up checks failed on this Docker engine (see the log above)";
    }

    /**
     * @return null when the engine has (or pulls) the image, and Ryuk's image or a registry to pull it from where Ryuk
     * is on; else why not
     */
    static @Nullable String imagesMissing(DockerClient docker, String image, boolean ryukEnabled) {
        boolean ryukMissing = ryukEnabled && docker.listImagesCmd().withFilter("reference", List.of(RYUK)).exec().isEmpty();
        boolean imagePresent = present(docker, image);
        if (imagePresent && !ryukMissing) {
            return null;
        }
        String pullFailure = pull(docker, image);
        if (pullFailure == null) {
            return null;
        }
        String ryuk = "Testcontainers' Ryuk image (" + RYUK + ") is not on this Docker engine and no registry answers";
        if (imagePresent) {
            return ryuk + " (pulling " + image + ": " + pullFailure + "): set TESTCONTAINERS_RYUK_DISABLED=true";
        }
        return "image " + image + " is not on this Docker engine and could not be pulled (" + pullFailure + ")"
                + WHAT_TO_DO + (ryukMissing ? "; " + ryuk + ": set TESTCONTAINERS_RYUK_DISABLED=true" : "");
    }

    private static boolean ryukEnabled() {
        // Testcontainers reads the environment variable only (ResourceReaper.instance())
        return !Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
    }

    private static boolean present(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        }
        catch (NotFoundException absent) {
            return false;
        }
    }

    /** One pull, no retries (a registry that does not answer fails it in a moment): null when done, else why not. */
    private static @Nullable String pull(DockerClient docker, String image) {
        try {
            // the whole reference (registry, repository, tag or digest): docker-java splits it as docker pull does
            boolean done = docker.pullImageCmd(image).start().awaitCompletion(PULL_SECONDS, TimeUnit.SECONDS);
            return done ? null : "not done within " + PULL_SECONDS + " s";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        catch (RuntimeException ex) {
            return String.valueOf(ex.getMessage()).strip();
        }
    }

    private static final String RYUK = "testcontainers/ryuk";

    private static final String WHAT_TO_DO = ": set CONFITURE_TEST_IMAGE to a PostgreSQL image the engine has";
}
