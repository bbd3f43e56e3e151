/**
 * Running migrations: planning a script (transactional or statement by statement), applying one
 * migration with its tracking row, timeouts and lock-timeout retries, mapping server errors back to
 * file and line, and the migrate and baseline operations with their typed results.
 */
@NullMarked
package dev.confiture.execution;

import org.jspecify.annotations.NullMarked;
