package io.sluice.benchmarks.connectors;

/**
 * The records of the Kafka benchmark: a value of a fixed size holding, big-endian, the record's
 * sequence number (bytes 0–7) and the {@link System#nanoTime()} at which it was due to be sent
 * (bytes 8–15; 0 for a pre-filled input), then filler, the last byte 0. The pipeline's
 * transformation adds 1 to the last byte, so the reader of the output can tell that it ran exactly
 * once on every record.
 */
final class KafkaRecords {

    /** The smallest value: sequence, due time, last byte. */
    static final int MIN_BYTES = 17;

    private KafkaRecords() {
    }

    /** A new value of {@code size} bytes. */
    static byte[] value(int size, long sequence, long dueNs) {
        byte[] value = new byte[size];
        for (int i = 16; i < size - 1; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        putLong(value, 0, sequence);
        putLong(value, 8, dueNs);
        return value;
    }

    /**
     * The pipeline's map function, the same in every shape: marks the record as transformed, in
     * place (the array is the element's own: the consumer's, or the source's copy of it).
     */
    static byte[] transform(byte[] value) {
        value[value.length - 1]++;
        return value;
    }

    static boolean transformedOnce(byte[] value) {
        return value[value.length - 1] == 1;
    }

    static long sequence(byte[] value) {
        return getLong(value, 0);
    }

    static long dueNs(byte[] value) {
        return getLong(value, 8);
    }

    private static void putLong(byte[] bytes, int offset, long v) {
        for (int i = 7; i >= 0; i--) {
            bytes[offset + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] bytes, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[offset + i] & 0xFF);
        }
        return v;
    }
}
