package dev.confiture.spring.boot.autoconfigure;

import dev.confiture.Confiture;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;

/**
 * Tells Hibernate's auto-configuration that Confiture manages the schema of the DataSources it
 * migrates, so Hibernate does not default to creating and dropping it.
 */
final class ConfitureSchemaManagementProvider implements SchemaManagementProvider {

    private final ObjectProvider<Confiture> confitures;

    ConfitureSchemaManagementProvider(ObjectProvider<Confiture> confitures) {
        this.confitures = confitures;
    }

    @Override
    public SchemaManagement getSchemaManagement(DataSource dataSource) {
        return confitures.stream().anyMatch(confiture -> confiture.configuration().dataSource() == dataSource)
                ? SchemaManagement.MANAGED : SchemaManagement.UNMANAGED;
    }
}
