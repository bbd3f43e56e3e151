package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationVersionTest {

    @Test
    void comparesNumericallyWhateverTheNumberOfDigits() {
        List<MigrationVersion> versions = new ArrayList<>(List.of(MigrationVersion.parse("20260420120000000001"),
                MigrationVersion.parse("20"), MigrationVersion.parse("001"), MigrationVersion.parse("20240101120000"),
                MigrationVersion.parse("0"), MigrationVersion.parse("2")));
        Collections.sort(versions);
        assertThat(versions).extracting(MigrationVersion::text)
            .containsExactly("0", "001", "2", "20", "20240101120000", "20260420120000000001");
    }

    @Test
    void twentyDigitVersionsDoNotOverflow() {
        MigrationVersion version = MigrationVersion.parse("20260420120000000001");
        assertThat(version.value()).isEqualTo(new BigInteger("20260420120000000001"));
        assertThat(version).isGreaterThan(MigrationVersion.parse(String.valueOf(Long.MAX_VALUE)));
    }

    @Test
    void leadingZerosAreNotSignificantButTheTextIsKept() {
        MigrationVersion one = MigrationVersion.parse("1");
        MigrationVersion paddedOne = MigrationVersion.parse("001");
        assertThat(paddedOne).isEqualTo(one).hasSameHashCodeAs(one);
        assertThat(paddedOne.compareTo(one)).isZero();
        assertThat(paddedOne.text()).isEqualTo("001");
        assertThat(paddedOne.value()).isEqualTo(BigInteger.ONE);
        assertThat(paddedOne).hasToString("001");
        assertThat(MigrationVersion.parse("000")).isEqualTo(MigrationVersion.parse("0"));
        assertThat(one).isNotEqualTo(MigrationVersion.parse("10")).isNotEqualTo("1");
    }

    @Test
    void ordersAndEqualsAsTheirBigIntegerValuesAcrossTheLongBoundary() {
        List<String> texts = new ArrayList<>(List.of("0", "00", "999999999999999999", "0999999999999999999",
                "1000000000000000000", "0001000000000000000", String.valueOf(Long.MAX_VALUE), "9223372036854775808",
                "99999999999999999999999"));
        java.util.Random random = new java.util.Random(18);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder("0".repeat(random.nextInt(3)));
            for (int digits = 1 + random.nextInt(22); digits > 0; digits--) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            texts.add(text.toString());
        }
        for (String a : texts) {
            MigrationVersion left = MigrationVersion.parse(a);
            assertThat(left.value()).as(a).isEqualTo(new BigInteger(a));
            for (int j = 0; j < 20; j++) {
                String b = texts.get(random.nextInt(texts.size()));
                MigrationVersion right = MigrationVersion.parse(b);
                int expected = new BigInteger(a).compareTo(new BigInteger(b));
                assertThat(Integer.signum(left.compareTo(right))).as(a + " vs " + b).isEqualTo(expected);
                assertThat(left.equals(right)).as(a + " equals " + b).isEqualTo(expected == 0);
                if (expected == 0) {
                    assertThat(left.hashCode()).as(a + " hash " + b).isEqualTo(right.hashCode());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "v1", "1.0", "1_0", "-1", "+1", " 1", "1 ", "١٢", "1a" })
    void rejectsAnythingButAsciiDigits(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> MigrationVersion.parse(text))
            .withMessage("Invalid migration version '" + text
                    + "': a version is digits only (0-9), e.g. 001 or 20240101120000");
    }
}
