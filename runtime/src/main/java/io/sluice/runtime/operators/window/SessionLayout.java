package io.sluice.runtime.operators.window;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The byte layout of one key's open sessions ({@link SessionWindowOperator}): a count, then per
 * session its start, its end (exclusive: the last element's time plus the gap), the length of its
 * accumulator and the accumulator's serialized bytes. Sessions of one key never overlap or touch
 * (they would have merged); their order is not kept.
 */
final class SessionLayout {

    static final int COUNT = 0;
    static final int FIRST = 4;
    /** Start, end and accumulator length before each accumulator's bytes. */
    static final int HEADER = 20;

    private SessionLayout() {
    }

    static int count(DirectBuffer record) {
        return record.getInt(COUNT);
    }

    static void setCount(MutableDirectBuffer record, int count) {
        record.putInt(COUNT, count);
    }

    static long start(DirectBuffer record, int session) {
        return record.getLong(session);
    }

    static long end(DirectBuffer record, int session) {
        return record.getLong(session + 8);
    }

    static int accumulatorLength(DirectBuffer record, int session) {
        return record.getInt(session + 16);
    }

    static int accumulatorOffset(int session) {
        return session + HEADER;
    }

    static int next(DirectBuffer record, int session) {
        return session + HEADER + accumulatorLength(record, session);
    }

    static void putHeader(MutableDirectBuffer record, int session, long start, long end, int accumulatorLength) {
        record.putLong(session, start);
        record.putLong(session + 8, end);
        record.putInt(session + 16, accumulatorLength);
    }

    static void setBounds(MutableDirectBuffer record, int session, long start, long end) {
        record.putLong(session, start);
        record.putLong(session + 8, end);
    }

    /** Closes the gap of the session at {@code session}; returns the record's new length. */
    static int remove(MutableDirectBuffer record, int length, int session) {
        return RecordBytes.removeRange(record, length, session, next(record, session));
    }
}
