package dev.confiture.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confiture.api.ConfitureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Discovering a file too large to hold, in one streaming pass, finds what reading it whole finds: the same checksum,
 * headers, and encoding errors at the same line and column, wherever the reads stop; and what it holds is bounded.
 */
class StreamedFilesTest {

    private static final String[] PIECES = { "SELECT 1;", "\n", "\r\n", "\r", "-- confiture: risk=high\n",
        "-- confiture: lock-timeout=5s\n", "-- a comment\n", "/* block */", "é", "😀", "\u0000", "\uFEFF", " ", "x" };

    @Test
    void generatedFilesAreDiscoveredAsWhenReadWhole() throws IOException {
        Random random = new Random(20261130L);
        for (int input = 0; input < 2_000; input++) {
            byte[] bytes = generate(random);
            Object whole = readWhole(bytes);
            for (int step : new int[] { 1, 2, 3, 7, 4096 }) {
                assertThat(readStreamed(bytes, step)).as("input %d read %d bytes at a time: [%s]", input, step,
                        new String(bytes, StandardCharsets.UTF_8)).isEqualTo(whole);
            }
        }
    }

    @Test
    void headersAreReadFromTheFirstCharactersOnly() throws IOException {
        String body = "SELECT 1;\n".repeat(StreamedFiles.HEADER_CHARS / 10 + 100);
        byte[] misplacedFarDown = ("-- confiture: risk=high\n" + body + "-- confiture: risk=low\n")
                .getBytes(StandardCharsets.UTF_8);

        StreamedFiles.Discovered discovered = StreamedFiles.discover(new Resource(misplacedFarDown, 8192));

        assertThat(discovered.metadata().risk()).isEqualTo(Risk.HIGH);
        assertThat(discovered.script().streamed()).isNotNull();
        assertThat(discovered.script().streamed().checksum()).isEqualTo(Checksums.sha256Hex(misplacedFarDown));
        assertThat(discovered.script().streamed().size()).isEqualTo(misplacedFarDown.length);
    }

    @Test
    void readingAStreamedFileThatChangedSinceDiscoveryFailsAtItsEnd() throws IOException {
        byte[] discovered = "\uFEFFSELECT 1;\n".getBytes(StandardCharsets.UTF_8);
        ScriptFile file = StreamedFiles.discover(new Resource(discovered, 3)).script();
        ScriptFile edited = ScriptFile.streamed(file.description(), new ScriptFile.Streamed(new Resource(
                "SELECT 2;\n".getBytes(StandardCharsets.UTF_8), 3), 10, file.streamed().checksum()));

        assertThat(readAll(file)).as("the byte order mark is not text").isEqualTo("SELECT 1;\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> readAll(edited))
                .isInstanceOf(ChangedFileException.class).hasMessageContaining("changed while it was being applied");
    }

    private static String readAll(ScriptFile file) throws IOException {
        try (java.io.Reader reader = file.openText()) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[4];
            for (int count = reader.read(buffer); count >= 0; count = reader.read(buffer)) {
                text.append(buffer, 0, count);
            }
            return text.toString();
        }
    }

    private static Object readWhole(byte[] bytes) {
        try {
            String text = MigrationCatalog.decode(bytes, "gen.sql");
            return new Outcome(Checksums.sha256Hex(bytes), MetadataHeaders.parse(text, "gen.sql"), null);
        }
        catch (ConfitureException ex) {
            return new Outcome(null, null, ex.getMessage());
        }
    }

    private static Object readStreamed(byte[] bytes, int step) throws IOException {
        try {
            StreamedFiles.Discovered discovered = StreamedFiles.discover(new Resource(bytes, step));
            return new Outcome(discovered.script().streamed().checksum(), discovered.metadata(), null);
        }
        catch (ConfitureException ex) {
            return new Outcome(null, null, ex.getMessage());
        }
    }

    /** What discovery found; the message of an error holds its location. */
    private record Outcome(String checksum, MigrationMetadata metadata, String error) {
    }

    private static byte[] generate(Random random) {
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
        for (int i = random.nextInt(40); i > 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0 && random.nextInt(4) == 0) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(128));
        }
        return bytes;
    }

    /** A file whose stream hands out at most {@code step} bytes per read. */
    private record Resource(byte[] bytes, int step) implements MigrationResource {

        @Override
        public String path() {
            return "gen.sql";
        }

        @Override
        public String description() {
            return "gen.sql";
        }

        @Override
        public byte[] read() {
            throw new AssertionError("a streamed file is never read whole");
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] buffer, int offset, int length) {
                    return super.read(buffer, offset, Math.min(length, step));
                }
            };
        }
    }
}
