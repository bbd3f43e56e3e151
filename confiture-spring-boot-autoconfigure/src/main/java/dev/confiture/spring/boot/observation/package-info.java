/**
 * The observation of a startup migration: its context, its documentation and the convention that names it.
 */
@NullMarked
package dev.confiture.spring.boot.observation;

import org.jspecify.annotations.NullMarked;
