package dev.confiture.spring.boot.autoconfigure;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application the {@code @SpringBootTest}s start: auto-configuration only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

}
