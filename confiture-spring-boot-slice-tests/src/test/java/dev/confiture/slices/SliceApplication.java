package dev.confiture.slices;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the slices find by searching upwards, as in a user's project.
 */
@SpringBootApplication
class SliceApplication {
}
