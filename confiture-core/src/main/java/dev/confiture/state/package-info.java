/**
 * The state of every migration: what the files say joined with what the tracking table and the
 * event log say (applied, pending, failed, checksum mismatch, missing file, out of order), and the
 * problems {@code validate} reports. Shared by migrate, validate and status so they always agree.
 */
@NullMarked
package dev.confiture.state;

import org.jspecify.annotations.NullMarked;
