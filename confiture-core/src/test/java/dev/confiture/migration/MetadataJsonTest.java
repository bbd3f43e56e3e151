package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MetadataJsonTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void riskAndImpactAreWrittenInLowerCase() {
        assertThat(mapper.writeValueAsString(Risk.HIGH)).isEqualTo("\"high\"");
        assertThat(mapper.writeValueAsString(Risk.MEDIUM)).isEqualTo("\"medium\"");
        assertThat(mapper.writeValueAsString(Impact.BREAKING)).isEqualTo("\"breaking\"");
        assertThat(mapper.writeValueAsString(Impact.SAFE)).isEqualTo("\"safe\"");
    }

    @Test
    void riskAndImpactAreReadFromLowerCase() {
        assertThat(mapper.readValue("\"low\"", Risk.class)).isEqualTo(Risk.LOW);
        assertThat(mapper.readValue("\"breaking\"", Impact.class)).isEqualTo(Impact.BREAKING);
    }
}
