package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bom(String text) {
        return utf8("\uFEFF" + text);
    }

    @Test
    void sha256OfTheRawBytesInLowerCaseHex() {
        // python3 -c "import hashlib; print(hashlib.sha256(b'SELECT 1;\n').hexdigest())"
        assertThat(Checksums.sha256Hex(utf8("SELECT 1;\n")))
            .isEqualTo("b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd");
        assertThat(Checksums.sha256Hex(new byte[0]))
            .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Checksums.sha256Hex(bom("SELECT 1;\n"))).hasSize(64)
            .isNotEqualTo(Checksums.sha256Hex(utf8("SELECT 1;\n")));
    }

    @Test
    void lfAppliedCrlfNow() {
        String stored = Checksums.sha256Hex(utf8("SELECT 1;\nSELECT 2;\n"));
        assertThat(Checksums.sameExceptLineEndings(stored, utf8("SELECT 1;\r\nSELECT 2;\r\n"))).isTrue();
    }

    @Test
    void crlfAppliedLfNow() {
        String stored = Checksums.sha256Hex(utf8("SELECT 1;\r\nSELECT 2;\r\n"));
        assertThat(Checksums.sameExceptLineEndings(stored, utf8("SELECT 1;\nSELECT 2;\n"))).isTrue();
    }

    @Test
    void bomAddedOrRemoved() {
        String withoutBom = Checksums.sha256Hex(utf8("SELECT 1;\n"));
        assertThat(Checksums.sameExceptLineEndings(withoutBom, bom("SELECT 1;\n"))).isTrue();
        String withBom = Checksums.sha256Hex(bom("SELECT 1;\r\n"));
        assertThat(Checksums.sameExceptLineEndings(withBom, utf8("SELECT 1;\n"))).isTrue();
    }

    @Test
    void mixedAndOldMacLineEndingsNormalizeToo() {
        String stored = Checksums.sha256Hex(utf8("a\nb\nc\n"));
        assertThat(Checksums.sameExceptLineEndings(stored, utf8("a\r\nb\rc\n"))).isTrue();
    }

    @Test
    void unchangedBytesAlsoCount() {
        byte[] bytes = utf8("SELECT 1;\n");
        assertThat(Checksums.sameExceptLineEndings(Checksums.sha256Hex(bytes), bytes)).isTrue();
    }

    @Test
    void storedChecksumCaseAndSurroundingSpacesDoNotMatter() {
        String stored = Checksums.sha256Hex(utf8("SELECT 1;\n")).toUpperCase();
        assertThat(Checksums.sameExceptLineEndings(" " + stored + " ", utf8("SELECT 1;\r\n"))).isTrue();
    }

    @Test
    void realChangesAreNotExcused() {
        String stored = Checksums.sha256Hex(utf8("SELECT 1;\n"));
        assertThat(Checksums.sameExceptLineEndings(stored, utf8("SELECT 2;\n"))).isFalse();
        assertThat(Checksums.sameExceptLineEndings(stored, utf8("SELECT 1; \n"))).isFalse();
        assertThat(Checksums.sameExceptLineEndings(stored, utf8("SELECT 1;\n\n"))).isFalse();
        assertThat(Checksums.sameExceptLineEndings(stored, utf8("SELECT 1;"))).isFalse();
        assertThat(Checksums.sameExceptLineEndings("not a checksum", utf8("SELECT 1;\n"))).isFalse();
    }

    @Test
    void worksOnBytesThatAreNotUtf8() {
        byte[] latin1 = "caf\u00e9;\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] latin1Crlf = "caf\u00e9;\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Checksums.sameExceptLineEndings(Checksums.sha256Hex(latin1), latin1Crlf)).isTrue();
    }

    @Test
    void aStreamedFileHasTheChecksumOfItsBytesAndTheSameLineEndingVerdict() throws java.io.IOException {
        java.util.Random random = new java.util.Random(20261130L);
        String[] pieces = { "SELECT 1;", "\n", "\r\n", "\r", "\uFEFF", "é", "x" };
        for (int input = 0; input < 500; input++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = utf8(text.toString());
            String other = text.toString().replace("\r\n", "\n").replace("\r", "\n");
            String stored = Checksums.sha256Hex(random.nextBoolean() ? utf8(other) : bom(other.replace("\n", "\r\n")));
            assertThat(Checksums.sha256Hex(oneByteAtATime(bytes))).isEqualTo(Checksums.sha256Hex(bytes));
            assertThat(Checksums.sameExceptLineEndings(stored, oneByteAtATime(bytes))).as("[%s]", text)
                    .isEqualTo(Checksums.sameExceptLineEndings(stored, bytes));
        }
    }

    private static java.io.InputStream oneByteAtATime(byte[] bytes) {
        return new java.io.ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };
    }
}
