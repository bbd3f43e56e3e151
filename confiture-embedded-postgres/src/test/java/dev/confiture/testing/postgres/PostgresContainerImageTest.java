package dev.confiture.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * What the container check finds missing on a real Docker engine, asked before Testcontainers' own start-up checks
 * (which retry a Ryuk pull for minutes). Skipped where no engine answers.
 */
class PostgresContainerImageTest {

    private static DockerClient docker;

    @BeforeAll
    static void engine() {
        try {
            docker = DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig());
            docker.pingCmd().exec();
        }
        catch (RuntimeException ex) {
            docker = null;
        }
        assumeTrue(docker != null, "no Docker engine answers");
    }

    @AfterAll
    static void close() throws IOException {
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void anImageNoRegistryHasIsReportedWithWhatToDo() {
        String image = "confiture-test/no-such-image:0";
        assertThat(PostgresContainerImage.imagesMissing(docker, image, false))
                .startsWith("image " + image + " is not on this Docker engine and could not be pulled (")
                .endsWith("): set CONFITURE_TEST_IMAGE to a PostgreSQL image the engine has");
    }

    @Test
    void aMissingRyukImageIsReportedWhenNoRegistryAnswers() throws InterruptedException {
        String image = PostgresContainerImage.fromEnvironment().asCanonicalNameString();
        assumeTrue(docker.listImagesCmd().withFilter("reference", List.of("testcontainers/ryuk")).exec().isEmpty(),
                "Testcontainers' Ryuk image is on this engine");
        assumeTrue(PostgresContainerImage.imagesMissing(docker, image, false) == null, "no image " + image);
        // where a registry answers, Testcontainers can pull Ryuk itself: nothing is missing
        assumeFalse(registryAnswers(image), "a registry answers");
        assertThat(PostgresContainerImage.imagesMissing(docker, image, true)).startsWith("Testcontainers' Ryuk image (testcontainers/ryuk) is not on this Docker engine "
                + "and no registry answers (pulling " + image + ": ").endsWith("): set TESTCONTAINERS_RYUK_DISABLED=true");
    }

    private static boolean registryAnswers(String image) throws InterruptedException {
        try {
            return docker.pullImageCmd(image).start().awaitCompletion(2, TimeUnit.MINUTES);
        }
        catch (RuntimeException ex) {
            return false;
        }
    }
}
