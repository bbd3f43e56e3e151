/**
 * The status report (README, "Status JSON"): plain records that serialize with Jackson to the documented,
 * versioned snake_case JSON shared by the CLI, the Actuator endpoint and logs. No SQL text and no
 * credentials ever appear in it.
 */
@NullMarked
package dev.confiture.status;

import org.jspecify.annotations.NullMarked;
