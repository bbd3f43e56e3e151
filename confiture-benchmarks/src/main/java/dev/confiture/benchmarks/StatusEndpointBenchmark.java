package dev.confiture.benchmarks;

import dev.confiture.Confiture;
import dev.confiture.testing.postgres.SharedPostgres;
import dev.confiture.testing.postgres.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * P4: starts {@link StatusEndpointApplication} on a random loopback port against a database with every
 * generated migration applied, then times {@code GET /actuator/confiture} requests one after another with a
 * blocking {@link HttpURLConnection} (warm-up first), then the same with {@link HttpClient} for reference. The time
 * is from sending the request to having the whole body.
 */
final class StatusEndpointBenchmark {

    private final BenchmarkOptions options;

    private final PrintStream out;

    StatusEndpointBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    CaseResult run(GeneratedMigrations migrations) {
        int count = migrations.count();
        try (TestDatabase database = SharedPostgres.createDatabase("bench_P4")) {
            int applied = Contenders.confitureMigrate(database.dataSource(), migrations.confitureDir());
            if (applied != count) {
                throw new IllegalStateException("Confiture applied " + applied + " migrations, expected " + count);
            }
            Map<String, Object> properties = new HashMap<>();
            properties.put("spring.datasource.url", database.jdbcUrl());
            properties.put("spring.datasource.username", database.user());
            properties.put("spring.datasource.password", database.password());
            properties.put("spring.application.name", "confiture-benchmarks");
            properties.put("spring.main.banner-mode", "off");
            properties.put("spring.flyway.enabled", "false");
            properties.put("confiture.locations", "filesystem:" + migrations.confitureDir().toAbsolutePath());
            properties.put("confiture.environment", "benchmark");
            properties.put("management.endpoints.web.exposure.include", "confiture");
            properties.put("server.address", "127.0.0.1");
            properties.put("server.port", "0");
            properties.put("logging.level.root", "WARN");
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StatusEndpointApplication.class)
                    .properties(properties).run()) {
                int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
                Confiture confiture = context.getBean(Confiture.class);
                return measure(URI.create("http://127.0.0.1:" + port + "/actuator/confiture"), confiture, count);
            }
        }
    }

    private CaseResult measure(URI uri, Confiture confiture, int count) {
        int bytes = 0;
        for (int i = 0; i < options.warmupRequests(); i++) {
            bytes = getBlocking(uri);
        }
        out.printf("P4 warm-up: %d requests, %,d bytes per response%n", options.warmupRequests(), bytes);
        List<Long> nanos = new ArrayList<>(options.requests());
        for (int i = 0; i < options.requests(); i++) {
            long start = System.nanoTime();
            bytes = getBlocking(uri);
            nanos.add(System.nanoTime() - start);
        }
        Series latency = Series.ofNanos(nanos);
        out.printf("P4 %d requests: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", options.requests(), latency.percentile(50),
                latency.percentile(99), latency.max());
        Series httpClient = Series.ofNanos(timeJdkHttpClient(uri));
        out.printf("P4 the same with java.net.http.HttpClient: p50 %.2f ms, p99 %.2f ms%n", httpClient.percentile(50),
                httpClient.percentile(99));
        List<Long> statusNanos = new ArrayList<>();
        for (int i = 0; i < Math.min(options.requests(), 200); i++) {
            long start = System.nanoTime();
            confiture.status();
            statusNanos.add(System.nanoTime() - start);
        }
        Map<String, Series> series = new LinkedHashMap<>();
        series.put("confiture", latency);
        series.put("confiture_jdk_httpclient", httpClient);
        series.put("confiture_status_in_process", Series.ofNanos(statusNanos));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("migrations", count);
        details.put("response_bytes", bytes);
        details.put("requests", options.requests());
        details.put("warmup_requests", options.warmupRequests());
        details.put("client", "java.net.HttpURLConnection, blocking, HTTP/1.1 keep-alive, one request at a time");
        double p99 = latency.percentile(99);
        return new CaseResult(BenchmarkCase.P4, "GET /actuator/confiture over loopback, one request at a time with a "
                + "blocking client (java.net.HttpURLConnection, keep-alive, as curl or a probe would ask), on a Spring Boot "
                + "service with the starter, web and Actuator, " + count + " migrations applied. Also measured: the same "
                + "requests with java.net.http.HttpClient (its default executor hands each response between threads, "
                + "which costs the client milliseconds on a 2-core machine), and Confiture.status() called in-process",
                series, Map.of(), List.of(new Target(BenchmarkCase.P4, "p99 <= " + (int) Benchmark.P4_P99_MS + " ms", p99,
                        Benchmark.P4_P99_MS, "ms")), details);
    }

    /**
     * One GET with {@link HttpURLConnection}; the body is read to the end and the stream closed, so the JDK keeps
     * the connection alive for the next request.
     * @return the body's length
     */
    private static int getBlocking(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestProperty("Accept", "application/json");
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + status);
            }
            try (InputStream body = connection.getInputStream()) {
                return body.readAllBytes().length;
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("GET " + uri + " failed: " + ex.getMessage(), ex);
        }
    }

    private List<Long> timeJdkHttpClient(URI uri) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build();
        for (int i = 0; i < options.warmupRequests(); i++) {
            send(client, request);
        }
        List<Long> nanos = new ArrayList<>(options.requests());
        for (int i = 0; i < options.requests(); i++) {
            long start = System.nanoTime();
            send(client, request);
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }

    private static int send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body().length;
        }
        catch (IOException ex) {
            throw new IllegalStateException("GET " + request.uri() + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }
}
