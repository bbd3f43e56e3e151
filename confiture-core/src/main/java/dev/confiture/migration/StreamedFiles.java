package dev.confiture.migration;

import dev.confiture.api.ConfitureException;
import dev.confiture.api.ErrorCode;
import dev.confiture.api.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Discovers a migration file too large to hold ({@link MigrationCatalog#STREAMING_THRESHOLD_BYTES}) in one pass over
 * its bytes, holding a buffer and its first {@value #HEADER_CHARS} characters only: its checksum (the same value as
 * for a file read whole), the same UTF-8 and NUL checks at the same line and column, and its metadata headers, read
 * from the leading block within those first characters (a {@code -- confiture:} line further down is not looked for).
 */
final class StreamedFiles {

    /** Where the headers are looked for: the leading block of comments is far shorter. */
    static final int HEADER_CHARS = 1 << 16;

    private static final int BUFFER = 1 << 16;

    private StreamedFiles() {
    }

    /** A streamed file, checked, and its headers. */
    record Discovered(ScriptFile script, MigrationMetadata metadata) {
    }

    /**
     * @throws IOException if the file cannot be read
     * @throws ConfitureException {@link ErrorCode#INVALID_ENCODING} or a header error, located as for a file read
     * whole
     */
    static Discovered discover(MigrationResource resource) throws IOException {
        String description = resource.description();
        MessageDigest digest = Checksums.newSha256();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        TextPosition position = new TextPosition();
        StringBuilder head = new StringBuilder();
        ByteBuffer in = ByteBuffer.allocate(BUFFER);
        CharBuffer out = CharBuffer.allocate(BUFFER);
        long size = 0;
        boolean first = true;
        try (InputStream bytes = resource.open()) {
            boolean end = false;
            while (!end) {
                int count = bytes.read(in.array(), in.position(), in.remaining());
                end = count < 0;
                if (count > 0) {
                    digest.update(in.array(), in.position(), count);
                    in.position(in.position() + count);
                    size += count;
                }
                in.flip();
                CoderResult result = decoder.decode(in, out, end);
                if (!result.isError() && end) {
                    result = decoder.flush(out);
                }
                out.flip();
                if (first && out.hasRemaining()) {
                    first = false;
                    if (out.get(out.position()) == '\uFEFF') {
                        out.get(); // the byte order mark: not text, not counted in columns
                    }
                }
                if (head.length() < HEADER_CHARS) {
                    int take = Math.min(out.remaining(), HEADER_CHARS - head.length());
                    head.append(out, 0, take);
                }
                position.walk(out, description);
                if (result.isError()) {
                    throw new ConfitureException(ErrorCode.INVALID_ENCODING, "Migration file is not valid UTF-8: "
                            + "invalid byte 0x" + String.format("%02X", in.get(in.position()) & 0xFF),
                            new SourceLocation(description, position.line, position.column),
                            "save the file as UTF-8 (Confiture reads migrations as UTF-8 only)", null);
                }
                in.compact();
                out.clear();
            }
        }
        ConfitureException nul = position.nul;
        if (nul != null) {
            throw nul;
        }
        String checksum = HexFormat.of().formatHex(digest.digest());
        String headers = head.toString();
        if (head.length() == HEADER_CHARS) {
            // the first characters end in the middle of a line: the headers are in the lines before it
            int lastBreak = Math.max(headers.lastIndexOf('\n'), headers.lastIndexOf('\r'));
            headers = headers.substring(0, Math.max(lastBreak, 0));
        }
        MigrationMetadata metadata = MetadataHeaders.parse(headers, description);
        return new Discovered(ScriptFile.streamed(description, new ScriptFile.Streamed(resource, size, checksum)),
                metadata);
    }

    /**
     * Lines and columns as {@link MigrationCatalog#decode} counts them: for a bad byte, {@code \n}, {@code \r\n} and
     * a lone {@code \r} end a line; for a NUL, only {@code \n} does.
     */
    private static final class TextPosition {

        int line = 1;

        int column = 1;

        private int lfLine = 1;

        private int lfColumn = 1;

        private boolean afterCr;

        @Nullable ConfitureException nul;

        void walk(CharBuffer chars, String description) {
            for (int i = chars.position(); i < chars.limit(); i++) {
                char c = chars.get(i);
                if (c == '\u0000' && nul == null) {
                    // reported once the whole file is known to be UTF-8, as for a file read whole
                    nul = new ConfitureException(ErrorCode.INVALID_ENCODING, "Migration file contains a NUL character "
                            + "(byte 0x00), which PostgreSQL cannot receive in a statement",
                            new SourceLocation(description, lfLine, lfColumn),
                            "remove it; to store a zero byte, write it as bytea, e.g. '\\x00'::bytea", null);
                }
                boolean secondHalf = Character.isLowSurrogate(c) && i > chars.position()
                        && Character.isHighSurrogate(chars.get(i - 1));
                if (c == '\n') {
                    if (!afterCr) {
                        line++;
                        column = 1;
                    }
                    lfLine++;
                    lfColumn = 1;
                }
                else if (c == '\r') {
                    line++;
                    column = 1;
                    lfColumn++;
                }
                else if (!Character.isLowSurrogate(c) || !secondHalf) {
                    column++;
                    lfColumn++;
                }
                afterCr = c == '\r';
            }
        }
    }
}
