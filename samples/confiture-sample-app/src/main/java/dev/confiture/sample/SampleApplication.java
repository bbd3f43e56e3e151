package dev.confiture.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application: a Spring Boot service whose schema the Confiture starter migrates on
 * startup, with {@code /actuator/confiture} and the readiness probe wired as the README shows.
 */
@SpringBootApplication
public class SampleApplication {

    /**
     * @param args Spring Boot arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
