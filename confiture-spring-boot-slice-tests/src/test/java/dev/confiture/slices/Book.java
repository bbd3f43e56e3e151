package dev.confiture.slices;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.jspecify.annotations.Nullable;

/**
 * The entity Hibernate validates against the table the migration creates.
 */
@Entity
public class Book {

    @Id
    private @Nullable Long id;

    private @Nullable String title;

    /**
     * @return the title
     */
    public @Nullable String getTitle() {
        return title;
    }
}
