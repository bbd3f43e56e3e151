package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI image's Dockerfile, as the build writes it: checked without Docker (no registry is reachable where the
 * build runs, so its base image cannot be pulled here): it copies the executable jar the build makes, from the
 * context it documents, runs it as its entrypoint in exec form, and not as root.
 */
class DockerfileIT {

    private final Path dockerfile = Path.of(System.getProperty("confiture.cli.dockerfile"));

    private final Path jar = Path.of(System.getProperty("confiture.cli.jar"));

    @Test
    void theDockerfileCopiesTheJarTheBuildMakesAndRunsItAsANonRootUser() throws IOException {
        List<String> lines = Files.readAllLines(dockerfile);
        String version = System.getProperty("confiture.cli.version");
        String text = String.join("\n", lines);
        assertThat(text).as("the version is filled in").contains("confiture-cli:" + version,
                "org.opencontainers.image.version=\"" + version + "\"").doesNotContain("${project.version}");
        assertThat(text).contains("-f confiture-cli/target/docker/Dockerfile confiture-cli/target");
        String copy = lines.stream().filter(line -> line.startsWith("COPY ")).findFirst().orElseThrow();
        String source = copy.split("\\s+")[1];
        Path context = jar.getParent();
        assertThat(context.resolve(source)).as("COPY's source, in the documented context").exists().isEqualTo(jar);
        String target = copy.split("\\s+")[2];
        assertThat(lines).filteredOn(line -> line.startsWith("ENTRYPOINT ")).singleElement().satisfies(entrypoint ->
                assertThat(entrypoint).startsWith("ENTRYPOINT [\"java\"").contains("\"-jar\", \"" + target + "\"]"));
        assertThat(lines).filteredOn(line -> line.startsWith("USER ")).singleElement()
                .satisfies(user -> assertThat(user).doesNotContain(" 0").doesNotContain("root"));
        assertThat(lines).filteredOn(line -> line.startsWith("FROM ")).singleElement()
                .isEqualTo("FROM ${BASE_IMAGE}");
        assertThat(lines).contains("ARG BASE_IMAGE=eclipse-temurin:17-jre");
    }
}
