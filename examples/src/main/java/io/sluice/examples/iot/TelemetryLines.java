package io.sluice.examples.iot;

import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text form of readings and device records in the input queues (or topics): one comma-separated
 * line each, {@code device,sensor,value,timeMs} and {@code device,site,sigmaLimit}.
 */
public final class TelemetryLines {

    private TelemetryLines() {
    }

    public static String format(Reading r) {
        return r.device() + "," + r.sensor() + "," + r.value() + "," + r.timeMs();
    }

    public static String format(DeviceInfo d) {
        return d.device() + "," + d.site() + "," + d.sigmaLimit();
    }

    public static Reading parseReading(String line) {
        String[] f = fields(line, 4, "device,sensor,value,timeMs");
        return new Reading(f[0], f[1], Double.parseDouble(f[2]), Long.parseLong(f[3]));
    }

    public static DeviceInfo parseDevice(String line) {
        String[] f = fields(line, 3, "device,site,sigmaLimit");
        return new DeviceInfo(f[0], f[1], Double.parseDouble(f[2]));
    }

    /** Readings from UTF-8 lines; a malformed line is a bad record of the source. */
    public static RecordDeserializer<Reading> readings() {
        return record -> parseReading(new String(record.value(), StandardCharsets.UTF_8));
    }

    public static RecordDeserializer<DeviceInfo> devices() {
        return record -> parseDevice(new String(record.value(), StandardCharsets.UTF_8));
    }

    public static RecordSerializer<String> utf8() {
        return RecordSerializer.utf8();
    }

    private static String[] fields(String line, int count, String layout) {
        String[] f = line.split(",", -1);
        if (f.length != count) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "expected %d comma-separated fields (%s), got %d in '%s'", count, layout, f.length, line));
        }
        return f;
    }
}
