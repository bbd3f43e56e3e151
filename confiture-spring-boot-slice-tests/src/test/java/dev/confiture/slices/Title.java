package dev.confiture.slices;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A book's title as Spring Data JDBC maps the table the migration creates.
 *
 * @param id the id
 * @param title the title
 */
@Table("book")
record Title(@Id @Nullable Long id, @Nullable String title) {
}
