package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class MigrationIdsTest {

    // Expected values computed independently with Python:
    // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('5c0a6f2e-2b1d-5a8e-9c3f-c0f17e2e0a01'), '001_init'))"

    @Test
    void namespaceIsConfituresOwn() {
        assertThat(MigrationIds.NAMESPACE).isEqualTo(UUID.fromString("5c0a6f2e-2b1d-5a8e-9c3f-c0f17e2e0a01"));
    }

    @Test
    void idIsTheVersion5UuidOfTheSlug() {
        assertThat(MigrationIds.idOf("001_init")).isEqualTo(UUID.fromString("f1280dab-04b3-5c9a-8e81-c22dce8a4192"));
        assertThat(MigrationIds.idOf("20260420120000000001_add_orders"))
            .isEqualTo(UUID.fromString("95e5249b-c46d-563b-933a-bf773e9ca002"));
    }

    @Test
    void slugIsEncodedAsUtf8() {
        assertThat(MigrationIds.idOf("001_café")).isEqualTo(UUID.fromString("ae6996ce-7774-5a62-8588-52a359208547"));
    }

    @Test
    void idsAreVersion5IetfVariantAndDependOnTheSlugText() {
        UUID id = MigrationIds.idOf("1_init");
        assertThat(id).isEqualTo(UUID.fromString("89948236-d44c-5623-a086-0697590f9ed8"));
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id).isNotEqualTo(MigrationIds.idOf("001_init"));
        assertThat(MigrationIds.idOf("001_init")).isEqualTo(MigrationIds.idOf("001_init"));
    }
}
