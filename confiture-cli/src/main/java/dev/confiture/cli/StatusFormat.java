package dev.confiture.cli;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;

/**
 * {@code migrate status --format}: a table, our status JSON (the Actuator's document), or upstream Confiture's
 * strict one.
 */
enum StatusFormat {

    /** Human output. */
    table,

    /** The status JSON of the Actuator endpoint. */
    json,

    /** Upstream Confiture's {@code migrate status --format json} document, exactly. */
    upstream_json;

    /** Accepts {@code upstream-json} (and {@code upstream_json}), in any case. */
    static final class Converter implements ITypeConverter<StatusFormat> {

        @Override
        public StatusFormat convert(String value) {
            String name = value.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
            for (StatusFormat format : values()) {
                if (format.name().equals(name)) {
                    return format;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of table, json, upstream-json but was '" + value
                    + "'");
        }
    }
}
