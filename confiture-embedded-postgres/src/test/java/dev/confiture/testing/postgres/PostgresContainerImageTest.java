package dev.confiture.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * What the container check finds missing on a real Docker engine, asked before Testcontainers' own start-up checks
 * (which retry a Ryuk pull for minutes), and the bound on those checks. The engine cases are skipped where no engine
 * answers.
 */
class PostgresContainerImageTest {

    private static DockerClient docker;

    @BeforeAll
    static void engine() throws IOException {
        try {
            docker = DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig());
        }
        catch (RuntimeException ex) {
            docker = null;
            return;
        }
        try {
            docker.pingCmd().exec();
        }
        catch (RuntimeException ex) {
            docker.close();
            docker = null;
        }
    }

    @AfterAll
    static void close() throws IOException {
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void anImageNoRegistryHasIsReportedWithWhatToDo() {
        assumeTrue(docker != null, "no Docker engine answers");
        String image = "confiture-test/no-such-image:0";
        assertThat(PostgresContainerImage.imageMissing(docker, image))
                .startsWith("image " + image + " is not on this Docker engine and could not be pulled (")
                .endsWith("): set CONFITURE_TEST_IMAGE to a PostgreSQL image the engine has");
    }

    @Test
    void anImageNameDockerRefusesIsAConfigurationErrorNotASkip() {
        assumeTrue(docker != null, "no Docker engine answers");
        assertThatIllegalStateException().isThrownBy(() -> PostgresContainerImage.imageMissing(docker, "Confiture/Postgres:15"))
                .withMessageStartingWith("Docker refuses the image Confiture/Postgres:15 (CONFITURE_TEST_IMAGE): ")
                .withMessageEndingWith("Set CONFITURE_TEST_IMAGE to an image reference such as postgres:17");
    }

    @Test
    void aMissingRyukImageIsReportedWhenDockerHubDoesNotAnswer() {
        assumeTrue(docker != null, "no Docker engine answers");
        assumeTrue(docker.listImagesCmd().withFilter("reference", List.of("testcontainers/ryuk")).exec().isEmpty(),
                "a Ryuk image is on this engine");
        // where Docker Hub answers, Testcontainers pulls Ryuk itself: nothing is missing
        assumeTrue(!resolves("registry-1.docker.io"), "Docker Hub's name resolves here");
        assertThat(PostgresContainerImage.ryukMissing(docker))
                .startsWith("Testcontainers' Ryuk image (testcontainers/ryuk) is not on this Docker engine and Docker Hub "
                        + "does not answer (")
                .endsWith("): set TESTCONTAINERS_RYUK_DISABLED=true");
    }

    @Test
    @Timeout(20)
    void startUpChecksThatDoNotFinishAreReportedNotWaitedFor() {
        CountDownLatch never = new CountDownLatch(1);
        assertThat(PostgresContainerImage.testcontainersChecks(1, () -> {
            try {
                never.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return true;
        })).startsWith("Testcontainers' start-up checks did not finish within 1 s (");
        assertThat(PostgresContainerImage.testcontainersChecks(1, () -> true)).isNull();
        assertThat(PostgresContainerImage.testcontainersChecks(1, () -> false))
                .isEqualTo("Testcontainers' start-up checks failed on this Docker engine (see the log above)");
    }

    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }
}
