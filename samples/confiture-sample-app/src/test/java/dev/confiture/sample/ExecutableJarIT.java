package dev.confiture.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged sample, run as {@code java -jar} in its own process, as built and from its Spring AOT processed form:
 * migrations inside the executable jar's nested jars are found, applied (the named instance's too), and reported.
 */
class ExecutableJarIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "spring.aot.enabled={0}")
    @ValueSource(booleans = { false, true })
    void theExecutableJarMigratesFromInsideItselfAndReportsReady(boolean aot) throws Exception {
        Path jar = Path.of(System.getProperty("sample.jar"));
        assertThat(jar).exists();
        int port = freePort();
        Path log = directory.resolve("sample.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dspring.aot.enabled=" + aot, "-jar", jar.toString(), "--server.port=" + port).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            HttpResponse<String> readiness = waitForReadiness(port, process, log);
            assertThat(readiness.statusCode()).as(Files.readString(log)).isEqualTo(200);
            String status = get(port, "/actuator/confiture").body();
            assertThat(status).contains("\"applied\":5", "\"up_to_date\":true",
                    "\"slug\":\"20260101120300_index_order_by_customer\"");
            assertThat(Files.readString(log)).contains("Applied 20260101120000_create_customer",
                    "Applied 20260101130000_create_audit_event");
            assertThat(get(port, "/actuator/health/confiture/audit").body()).contains("\"status\":\"UP\"");
            assertThat(Files.readString(log)).as("which form started").contains(aot ? "Starting AOT-processed" : "Starting ");

            // SIGTERM, as Kubernetes stops a pod: the embedded database outlives the context, so the heartbeat's row
            // is removed, not left to wait for a database that is gone
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("it stops").isTrue();
            assertThat(Files.readString(log)).contains("Removed instance").doesNotContain("did not finish within");
        }
        finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The Kubernetes Job recipe (docs/kubernetes.md): the application itself, web off, migrates and exits 0.
     */
    @org.junit.jupiter.api.Test
    void theJarRunAsAMigrationJobMigratesAndExits() throws Exception {
        Path jar = Path.of(System.getProperty("sample.jar"));
        Path log = directory.resolve("job.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--spring.main.web-application-type=none", "--confiture.startup-mode=migrate",
                "--confiture.heartbeat.enabled=false").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("it exits on its own").isTrue();
            assertThat(process.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("Applied 20260101120000_create_customer",
                    "Applied 20260101130000_create_audit_event").doesNotContain("Tomcat started");
        }
        finally {
            process.destroyForcibly();
        }
    }

    private static HttpResponse<String> waitForReadiness(int port, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the sample exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> response = get(port, "/actuator/health/readiness");
                if (response.statusCode() == 200) {
                    return response;
                }
            }
            catch (IOException notYetListening) {
                // the application is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the sample was not ready after 120 s:\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
