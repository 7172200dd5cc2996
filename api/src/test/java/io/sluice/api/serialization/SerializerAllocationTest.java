package io.sluice.api.serialization;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a call allocates, measured with the thread's allocation counter over many calls after a
 * warm-up: serializing allocates nothing, deserializing only the value returned (and, for a string,
 * one temporary array). The reflective record serializer allocated hundreds of bytes per round trip
 * (boxed components, argument arrays), so each bound here fails for it by far.
 */
class SerializerAllocationTest {

    private static final int WARM_UP_CALLS = 30_000;
    private static final int MEASURED_CALLS = 200_000;

    record Trade(long id, long timestamp, int venue, double price, boolean buy, char side, short lot, byte flags,
                 float weight) {
    }

    record Named(long id, String symbol, Integer boxed) {
    }

    static final class Plain {
        long id;
        int count;
        double price;
        Long boxed;
    }

    private static com.sun.management.ThreadMXBean threads;

    /** Where each call writes, reset before it: neither stream allocates per write. */
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(buffer);
    /** Kept so that nothing the calls return can be optimized away. */
    private Object sink;

    @BeforeAll
    static void needsTheThreadAllocationCounter() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count allocated bytes per thread");
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes per thread");
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    @Test
    void shouldAllocateNothingToSerializeARecordOfPrimitivesOrAPlainClass() throws IOException {
        TypeSerializer<Trade> trades = Serializers.of(Trade.class);
        Trade trade = new Trade(1_234_567L, 1_700_000_000_000L, 1_000, 4.5, true, 'é', (short) 600, (byte) 7, 8.5f);
        TypeSerializer<Named> named = Serializers.of(Named.class);
        Named withString = new Named(1_234_567L, "ACME.L/trade-01", 1_000_000);
        TypeSerializer<Plain> plains = Serializers.of(Plain.class);
        Plain plain = new Plain();
        plain.id = 1_234_567_890L;
        plain.boxed = 9_876_543_210L;

        assertThat(bytesPerCall(() -> write(trades, trade))).as("record of primitives").isLessThan(1.0);
        assertThat(bytesPerCall(() -> write(named, withString))).as("record with a String").isLessThan(1.0);
        assertThat(bytesPerCall(() -> write(plains, plain))).as("plain class").isLessThan(1.0);
    }

    @Test
    void shouldAllocateOnlyTheRecordToDeserializeARecordOfPrimitives() throws IOException {
        TypeSerializer<Trade> s = Serializers.of(Trade.class);
        // values outside the JDK's box caches, so that boxing them would show
        byte[] bytes = SerializerTesting.bytesOf(s,
                new Trade(1_234_567L, 1_700_000_000_000L, 1_000, 4.5, true, 'é', (short) 600, (byte) 7, 8.5f));
        ByteArrayInputStream source = new ByteArrayInputStream(bytes);
        DataInputStream in = new DataInputStream(source);

        double perCall = bytesPerCall(() -> {
            source.reset();
            sink = s.deserialize(in);
        });

        // the record: a 12-16 byte header and 8 + 8 + 4 + 8 + 1 + 2 + 2 + 1 + 4 bytes of fields, 56 in all;
        // a little slack for what the JVM itself may allocate on this thread during 200,000 calls
        assertThat(perCall).isLessThanOrEqualTo(60.0);
    }

    @Test
    void shouldAllocateNothingToSerializeAStringAndOnlyItAndOneTemporaryToDeserializeIt() throws IOException {
        String ascii = "sensor-0042/temp-avg"; // 20 chars
        String latin1 = "sensör-0042/témp-ävg";
        byte[] asciiBytes = SerializerTesting.bytesOf(Serializers.STRING, ascii);
        byte[] latin1Bytes = SerializerTesting.bytesOf(Serializers.STRING, latin1);

        assertThat(bytesPerCall(() -> write(Serializers.STRING, ascii))).as("ASCII").isLessThan(1.0);
        assertThat(bytesPerCall(() -> write(Serializers.STRING, latin1))).as("Latin-1").isLessThan(1.0);
        // the String (24 bytes) and its 20-byte array (40), and one temporary array of the 20-23 wire bytes (40),
        // 104 in all, with a little slack: no char[] (56) as well, as the earlier reader allocated
        assertThat(readBytesPerCall(asciiBytes)).as("ASCII").isLessThanOrEqualTo(108.0);
        assertThat(readBytesPerCall(latin1Bytes)).as("Latin-1").isLessThanOrEqualTo(108.0);
    }

    private double readBytesPerCall(byte[] bytes) throws IOException {
        ByteArrayInputStream source = new ByteArrayInputStream(bytes);
        DataInputStream in = new DataInputStream(source);
        return bytesPerCall(() -> {
            source.reset();
            sink = Serializers.STRING.deserialize(in);
        });
    }

    private <T> void write(TypeSerializer<T> s, T value) throws IOException {
        buffer.reset();
        s.serialize(value, out);
    }

    private double bytesPerCall(Call call) throws IOException {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            call.run();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < MEASURED_CALLS; i++) {
            call.run();
        }
        long after = threads.getThreadAllocatedBytes(thread);
        return (double) (after - before) / MEASURED_CALLS;
    }

    @FunctionalInterface
    private interface Call {
        void run() throws IOException;
    }
}
