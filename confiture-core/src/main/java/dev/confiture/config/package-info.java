/**
 * The immutable configuration of one Confiture instance and the types it is made of (failure policy, lint rules,
 * scratch databases). Depends only on the vocabulary and the model below it; every operation reads it.
 */
@NullMarked
package dev.confiture.config;

import org.jspecify.annotations.NullMarked;
