package dev.confiture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI image's Dockerfile, as the build writes it to {@code target/docker} beside the jar it copies. Checked
 * without Docker (what it copies, runs and runs as), and built and run for real where a Docker engine answers. No
 * registry is reachable where the build runs, so the real build uses a local base image with a Java runtime
 * made here by {@code jlink} instead of the default {@code eclipse-temurin:17-jre}.
 */
class DockerfileIT {

    private final Path dockerfile = Path.of(System.getProperty("confiture.cli.dockerfile"));

    private final Path jar = Path.of(System.getProperty("confiture.cli.jar"));

    private final String version = System.getProperty("confiture.cli.version");

    @TempDir
    Path work;

    @Test
    void theDockerfileCopiesTheJarTheBuildMakesAndRunsItAsANonRootUser() throws IOException {
        List<String> lines = Files.readAllLines(dockerfile);
        String text = String.join("\n", lines);
        assertThat(text).as("the version is filled in").contains("confiture-cli:" + version,
                "org.opencontainers.image.version=\"" + version + "\"").doesNotContain("${project.version}");
        assertThat(text).contains("docker build -t confiture-cli:" + version + " confiture-cli/target/docker");
        String copy = lines.stream().filter(line -> line.startsWith("COPY ")).findFirst().orElseThrow();
        String source = copy.split("\\s+")[1];
        Path context = dockerfile.getParent();
        assertThat(context.resolve(source)).as("COPY's source, in the build context").exists()
                .hasSameBinaryContentAs(jar);
        String target = copy.split("\\s+")[2];
        assertThat(lines).filteredOn(line -> line.startsWith("ENTRYPOINT ")).singleElement().satisfies(entrypoint ->
                assertThat(entrypoint).startsWith("ENTRYPOINT [\"java\"").contains("\"-jar\", \"" + target + "\"]"));
        assertThat(lines).filteredOn(line -> line.startsWith("USER ")).singleElement()
                .satisfies(user -> assertThat(user).doesNotContain(" 0").doesNotContain("root"));
        assertThat(lines).filteredOn(line -> line.startsWith("FROM ")).singleElement().isEqualTo("FROM ${BASE_IMAGE}");
        assertThat(lines).contains("ARG BASE_IMAGE=eclipse-temurin:17-jre");
    }

    @Test
    void theImageBuildsAndRunsTheCli() throws Exception {
        assumeThat(run(List.of("docker", "info"), 60).exit()).as("a Docker engine answers (else: not built here)")
                .isZero();
        String base = System.getenv().getOrDefault("CONFITURE_TEST_IMAGE", System.getProperty("CONFITURE_TEST_IMAGE"));
        assumeThat(base).as("CONFITURE_TEST_IMAGE names a local image to put a Java runtime on (no registry here)")
                .isNotBlank();
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        assumeThat(jlink).as("this JVM is a JDK with jlink").exists();
        assertThat(run(List.of(jlink.toString(), "--add-modules", "java.base,java.sql,java.naming,java.logging,"
                + "java.management,java.xml,java.desktop,java.net.http,jdk.unsupported,java.security.jgss,"
                + "java.security.sasl,jdk.crypto.ec,jdk.zipfs", "--strip-debug", "--no-header-files", "--no-man-pages",
                "--output", work.resolve("jre").toString()), 300).exit()).isZero();
        Files.writeString(work.resolve("Dockerfile"), "FROM " + base + "\nCOPY jre /opt/java\n"
                + "ENV PATH=/opt/java/bin:$PATH\n");
        String baseTag = "confiture-test/cli-base:it";
        String imageTag = "confiture-test/cli:it";
        try {
            Result baseBuild = run(List.of("docker", "build", "-q", "-t", baseTag, work.toString()), 600);
            assertThat(baseBuild.exit()).as(baseBuild.output()).isZero();
            Result build = run(List.of("docker", "build", "-q", "--build-arg", "BASE_IMAGE=" + baseTag, "-t", imageTag,
                    dockerfile.getParent().toString()), 600);
            assertThat(build.exit()).as(build.output()).isZero();

            Result versionRun = run(List.of("docker", "run", "--rm", imageTag, "--version"), 120);
            assertThat(versionRun.exit()).as(versionRun.output()).isZero();
            assertThat(versionRun.output()).contains(version);
            Result user = run(List.of("docker", "image", "inspect", "--format", "{{.Config.User}} {{.Config.Cmd}}",
                    imageTag), 60);
            assertThat(user.output().strip()).isEqualTo("65532:65532 [migrate up]");
        }
        finally {
            run(List.of("docker", "rmi", "-f", imageTag, baseTag), 120);
        }
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "run", ".log");
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
        }
        catch (IOException notInstalled) {
            return new Result(-1, String.valueOf(notInstalled.getMessage()));
        }
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, command + " did not end within " + seconds + " s");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
