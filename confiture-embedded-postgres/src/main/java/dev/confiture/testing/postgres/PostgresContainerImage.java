package dev.confiture.testing.postgres;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
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
     * minutes, and Testcontainers' start-up checks pass within a minute. Checked once per JVM.
     * <p>
     * The engine and the images are looked at first with a plain client, and Testcontainers' own checks are given a
     * minute: they start its Ryuk container, and where Ryuk's image is absent and no registry gives it they retry the
     * pull for minutes, in every test JVM. Where Ryuk is on and no Ryuk image is on the engine, a pull of a tag that
     * does not exist asks Docker Hub whether it answers at all (it answers "not found"), downloading nothing.
     * @return empty when it can, else why not, in a sentence that says what to do
     * @throws IllegalStateException when Docker refuses the configured image's name (a configuration error, not a
     * machine without Docker)
     */
    public static synchronized Optional<String> unavailability() {
        if (unavailability == null) {
            unavailability = Optional.ofNullable(whyUnavailable());
        }
        return unavailability;
    }

    private static @Nullable String whyUnavailable() {
        DockerClient docker;
        try {
            docker = DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig());
        }
        catch (RuntimeException | LinkageError ex) {
            return "no Docker engine answers (" + messageOf(ex) + ")";
        }
        String missing;
        try {
            missing = missing(docker);
        }
        finally {
            try {
                docker.close();
            }
            catch (IOException ex) {
                // the plain client's work is done: what it found stands
            }
        }
        return (missing != null) ? missing : testcontainersChecks(CHECKS_SECONDS, ContainerPostgresServer::dockerAnswers);
    }

    private static @Nullable String missing(DockerClient docker) {
        try {
            docker.pingCmd().exec();
        }
        catch (RuntimeException ex) {
            return "no Docker engine answers (" + messageOf(ex) + ")";
        }
        String missing = imageMissing(docker, fromEnvironment().asCanonicalNameString());
        return (missing == null && ryukEnabled()) ? ryukMissing(docker) : missing;
    }

    /**
     * @return null when the engine has the image or pulls it, else why not and what to do
     * @throws IllegalStateException when Docker refuses the image's name (400: a configuration error)
     */
    static @Nullable String imageMissing(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return null;
        }
        catch (NotFoundException absent) {
            String failure = pull(docker, image);
            return (failure == null) ? null : "image " + image + " is not on this Docker engine and could not be pulled ("
                    + failure + "): set CONFITURE_TEST_IMAGE to a PostgreSQL image the engine has";
        }
        catch (BadRequestException ex) {
            throw new IllegalStateException("Docker refuses the image " + image + " (CONFITURE_TEST_IMAGE): "
                    + messageOf(ex) + ". Set CONFITURE_TEST_IMAGE to an image reference such as "
                    + DEFAULT, ex);
        }
        catch (RuntimeException ex) {
            return "the Docker engine could not look up image " + image + " (" + messageOf(ex)
                    + ")";
        }
    }

    /**
     * @return null when a Ryuk image is on the engine or Docker Hub answers (Testcontainers then pulls Ryuk itself),
     * else why not and what to do
     */
    static @Nullable String ryukMissing(DockerClient docker) {
        if (!docker.listImagesCmd().withFilter("reference", List.of(RYUK)).exec().isEmpty()) {
            return null;
        }
        String noAnswer = "Testcontainers' Ryuk image (" + RYUK + ") is not on this Docker engine and Docker Hub does not "
                + "answer (";
        try {
            boolean answered = docker.pullImageCmd(RYUK + ":" + PROBE_TAG).start().awaitCompletion(PROBE_SECONDS,
                    TimeUnit.SECONDS);
            return answered ? null : noAnswer + "nothing within " + PROBE_SECONDS + " s): set TESTCONTAINERS_RYUK_DISABLED=true";
        }
        catch (NotFoundException answered) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted while asking Docker Hub for Testcontainers' Ryuk image";
        }
        catch (RuntimeException ex) {
            return noAnswer + messageOf(ex) + "): set TESTCONTAINERS_RYUK_DISABLED=true";
        }
    }

    /**
     * Testcontainers' start-up checks, given {@code seconds}: past that they are left running on a daemon thread and
     * reported as the reason (they retry a pull a registry does not give, Ryuk's or another of theirs).
     * @return null when they passed, else why not
     */
    static @Nullable String testcontainersChecks(long seconds, BooleanSupplier checks) {
        CompletableFuture<Boolean> passed = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                passed.complete(checks.getAsBoolean());
            }
            catch (Throwable ex) {
                passed.completeExceptionally(ex);
            }
        }, "confiture-testcontainers-checks");
        thread.setDaemon(true);
        thread.start();
        try {
            return passed.get(seconds, TimeUnit.SECONDS) ? null
                    : "Testcontainers' start-up checks failed on this Docker engine (see the log above)";
        }
        catch (TimeoutException ex) {
            return "Testcontainers' start-up checks did not finish within " + seconds + " s (they retry pulling an image "
                    + "no registry gives, most often Ryuk's): set TESTCONTAINERS_RYUK_DISABLED=true, or give the engine "
                    + "the image";
        }
        catch (ExecutionException ex) {
            return "Testcontainers' start-up checks failed on this Docker engine (" + ex.getCause() + ")";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted during Testcontainers' start-up checks";
        }
    }

    private static boolean ryukEnabled() {
        // Testcontainers reads the environment variable only (ResourceReaper.instance())
        return !Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
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
            return messageOf(ex);
        }
    }

    /** What Docker or docker-java said, without the trailing newline its messages often carry. */
    private static String messageOf(Throwable ex) {
        return String.valueOf(ex.getMessage()).strip();
    }

    private static final String RYUK = "testcontainers/ryuk";

    /** A Ryuk tag that does not exist: Docker Hub answers its pull with "not found". */
    private static final String PROBE_TAG = "confiture-registry-probe-does-not-exist";

    private static final long CHECKS_SECONDS = 60;

    /** How long Docker Hub may take to say "not found". */
    private static final long PROBE_SECONDS = 30;
}
