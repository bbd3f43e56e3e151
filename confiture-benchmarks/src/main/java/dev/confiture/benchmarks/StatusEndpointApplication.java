package dev.confiture.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest Spring Boot service with the Confiture starter, web and Actuator: what P4 measures
 * {@code GET /actuator/confiture} on. No component scanning: the starter's auto-configuration is all there is.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StatusEndpointApplication {
}
