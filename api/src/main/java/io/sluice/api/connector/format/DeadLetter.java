package io.sluice.api.connector.format;

import io.sluice.api.OutputTag;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record a source could not turn into an element, under {@link BadRecordPolicy#DEAD_LETTER}: its
 * raw bytes, where it was read and why it was refused. Read them with
 * {@code sourceStream.getSideOutput(DeadLetter.TAG)} and write them wherever you keep such records.
 *
 * @param value    the record's bytes (null if it had none)
 * @param key      its key bytes, or null
 * @param origin   where it was read ("topic orders, partition 3", "file /data/a.csv")
 * @param position its position there (offset, index, line number)
 * @param reason   why it was refused: the deserializer's exception, type and message
 */
public record DeadLetter(byte[] value, byte[] key, String origin, long position, String reason) {

    /** The side output every source emits its dead letters to. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters");

    public DeadLetter {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && Arrays.equals(value, d.value) && Arrays.equals(key, d.key)
                && origin.equals(d.origin) && position == d.position && reason.equals(d.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(value), Arrays.hashCode(key), origin, position, reason);
    }

    @Override
    public String toString() {
        return "DeadLetter(" + origin + " @ " + position + ": " + reason + ", " + (value == null ? 0 : value.length)
                + " bytes)";
    }
}
