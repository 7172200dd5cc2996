package io.sluice.examples.iot;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.connectors.chronicle.ChronicleQueueSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TelemetryGenerator} made: the readings in the order they arrive, the device registry,
 * and the ground truth the job must find in them.
 *
 * @param readings  every reading, in arrival order
 * @param devices   one record per device
 * @param silences  each injected silence of a device, once
 * @param anomalies each injected anomalous reading, once
 * @param late      the readings that arrive after their window was dropped (beyond the allowed lateness)
 */
public record GeneratedTelemetry(List<Reading> readings, List<DeviceInfo> devices, List<Silence> silences,
                                 List<Reading> anomalies, List<Reading> late) {

    /**
     * A device that fell silent and came back.
     *
     * @param device     the device
     * @param lastSeenMs the event time of its last reading before the silence
     * @param backMs     the event time of the first reading to arrive after it
     */
    public record Silence(String device, long lastSeenMs, long backMs) {
    }

    /** Appends the readings (in arrival order) and the devices as plain records to two Chronicle queues. */
    public void writeTo(Path readingsQueue, Path devicesQueue) throws Exception {
        try (SinkWriter<String> out = plainWriter(readingsQueue)) {
            for (Reading r : readings) {
                out.write(TelemetryLines.format(r), r.timeMs());
            }
            out.flush(true);
        }
        try (SinkWriter<String> out = plainWriter(devicesQueue)) {
            for (DeviceInfo d : devices) {
                out.write(TelemetryLines.format(d), Long.MIN_VALUE);
            }
            out.flush(true);
        }
    }

    /** Writes the ground truth as text: one line per silence, anomaly and late reading. */
    public void writeGroundTruth(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Silence s : silences) {
            lines.add("silence " + s.device() + " last-seen=" + Instant.ofEpochMilli(s.lastSeenMs())
                    + " back=" + Instant.ofEpochMilli(s.backMs()));
        }
        for (Reading a : anomalies) {
            lines.add("anomaly " + TelemetryLines.format(a));
        }
        for (Reading l : late) {
            lines.add("late " + TelemetryLines.format(l));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static SinkWriter<String> plainWriter(Path queue) throws Exception {
        return ChronicleQueueSink.forRecords(queue, TelemetryLines.utf8()).atLeastOnce().build()
                .createWriter(SinkContext.of(0, 1, "telemetry-generator", "telemetry-generator"));
    }
}
