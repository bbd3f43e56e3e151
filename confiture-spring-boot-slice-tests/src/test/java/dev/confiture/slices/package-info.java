/**
 * Spring Boot's test slices with the Confiture starter, as a user's project has them.
 */
@NullMarked
package dev.confiture.slices;

import org.jspecify.annotations.NullMarked;
