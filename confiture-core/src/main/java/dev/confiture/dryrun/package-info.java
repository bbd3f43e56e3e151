/**
 * The dry run: every pending transactional migration executed inside one transaction that is
 * always rolled back, reporting real execution times, the locks each migration took and its
 * statements, without applying or recording a migration.
 */
@NullMarked
package dev.confiture.dryrun;

import org.jspecify.annotations.NullMarked;
