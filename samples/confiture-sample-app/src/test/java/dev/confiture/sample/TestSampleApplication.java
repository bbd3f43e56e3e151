package dev.confiture.sample;

import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;

/**
 * Boot's dev-time pattern: run the sample from the IDE (or {@code ./mvnw spring-boot:test-run}) on a PostgreSQL
 * container instead of the embedded server; Confiture migrates the container on start.
 */
public final class TestSampleApplication {

    private TestSampleApplication() {
    }

    public static void main(String[] args) {
        run(args);
    }

    static SpringApplication.Running run(String... args) {
        String[] withoutEmbedded = Stream.concat(Stream.of("--sample.embedded-postgres=false"), Arrays.stream(args))
                .toArray(String[]::new);
        return SpringApplication.from(SampleApplication::main).with(ContainersConfiguration.class).run(withoutEmbedded);
    }
}
