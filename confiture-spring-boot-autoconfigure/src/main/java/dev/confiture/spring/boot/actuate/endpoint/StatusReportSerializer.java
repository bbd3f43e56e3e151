package dev.confiture.spring.boot.actuate.endpoint;

import dev.confiture.Confiture;
import dev.confiture.status.StatusJson;
import dev.confiture.status.StatusReport;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a {@link StatusReport} inside the endpoint's response exactly as {@link StatusJson#write} writes it (the
 * documented JSON, the same bytes the CLI prints), and writes each report instance only once.
 *
 * <p>{@link Confiture#status()} hands out the same report instance while the database records are unchanged, so
 * repeated requests (a dashboard polling, a readiness probe's neighbour) reuse the text written for it instead of
 * serializing every migration again: with 1,000 migrations that is most of a request's cost. The last
 * {@value #CAPACITY} reports are remembered by identity, never by equality, so a changed report is always written
 * afresh.
 */
public final class StatusReportSerializer extends ValueSerializer<StatusReport> {

    /** How many reports are remembered: one per Confiture bean of a typical application, with room to spare. */
    static final int CAPACITY = 16;

    private static final Written[] written = new Written[CAPACITY];

    private static int next;

    @Override
    public void serialize(StatusReport report, JsonGenerator generator, SerializationContext context) {
        generator.writeRawValue(json(report));
    }

    /**
     * @param report a report
     * @return its JSON (which keeps its UTF-8 bytes once they are made), written now or remembered from an earlier call with the
     * same instance
     */
    static SerializedString json(StatusReport report) {
        synchronized (written) {
            for (Written entry : written) {
                if (entry != null && entry.report() == report) {
                    return entry.json();
                }
            }
        }
        SerializedString json = new SerializedString(StatusJson.write(report));
        synchronized (written) {
            written[next] = new Written(report, json);
            next = (next + 1) % CAPACITY;
        }
        return json;
    }

    private record Written(StatusReport report, SerializedString json) {
    }
}
