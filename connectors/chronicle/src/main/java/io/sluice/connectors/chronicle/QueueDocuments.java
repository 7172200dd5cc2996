package io.sluice.connectors.chronicle;

import net.openhft.chronicle.bytes.Bytes;

/**
 * The layout of the documents Sluice writes into a Chronicle Queue, version {@value #VERSION}. Every
 * document is one queue excerpt of raw bytes (no field names), little-endian as Chronicle writes them:
 * <pre>
 *   u8 version (1) | u8 type | body
 *
 *   type 1 RECORD         writer id (utf8) | epoch (i64) | timestamp (i64) | length (i32) | value bytes
 *   type 2 COMMIT         writer id (utf8) | epoch (i64)
 *   type 3 ABORT_EPOCH    writer id (utf8) | epoch (i64)
 *   type 4 ABORT_LINEAGE  lineage (utf8)
 *   type 5 PLAIN          timestamp (i64) | length (i32) | value bytes
 * </pre>
 * {@code utf8} is Chronicle's stop-bit encoded length followed by UTF-8 bytes; a timestamp is
 * {@code Long.MIN_VALUE} when the element had none.
 *
 * <ul>
 *   <li>RECORD: a record of an exactly-once writer, part of the writer's transaction {@code epoch}.
 *       A writer id is {@code <job lineage id>-<subtask>-<random>}: unique per writer instance, and
 *       its part before the first {@code '-'} is the job's lineage (letters and digits only).</li>
 *   <li>COMMIT: the epoch is committed; its records become visible to read-committed readers, in the
 *       order of the COMMIT documents. A repeated COMMIT of the same epoch (a re-commit after a
 *       restore) is harmless: readers deliver an epoch at its first COMMIT only.</li>
 *   <li>ABORT_EPOCH: the epoch will never be committed (a writer closed with its epoch open, a
 *       checkpoint that never completed).</li>
 *   <li>ABORT_LINEAGE: every epoch of a writer of this lineage that is not committed before this
 *       document is aborted (written when a job restarts from a checkpoint, once that checkpoint's
 *       epochs are committed: it ends the epochs a killed run left open).</li>
 *   <li>PLAIN: an at-least-once record; visible at once, to every reader.</li>
 * </ul>
 * A document with another version or type is not Sluice's: readers hand it on as a malformed record
 * (the source's bad-record policy decides). Stateless; called from any thread.
 */
final class QueueDocuments {

    static final byte VERSION = 1;

    static final byte RECORD = 1;
    static final byte COMMIT = 2;
    static final byte ABORT_EPOCH = 3;
    static final byte ABORT_LINEAGE = 4;
    static final byte PLAIN = 5;

    private QueueDocuments() {
    }

    static void writeRecord(Bytes<?> out, String writerId, long epoch, long timestamp, byte[] value) {
        out.writeByte(VERSION).writeByte(RECORD);
        out.writeUtf8(writerId);
        out.writeLong(epoch).writeLong(timestamp).writeInt(value.length).write(value);
    }

    static void writePlain(Bytes<?> out, long timestamp, byte[] value) {
        out.writeByte(VERSION).writeByte(PLAIN);
        out.writeLong(timestamp).writeInt(value.length).write(value);
    }

    static void writeMarker(Bytes<?> out, byte type, String writerId, long epoch) {
        if (type != COMMIT && type != ABORT_EPOCH) {
            throw new IllegalArgumentException("not an epoch marker type: " + type);
        }
        out.writeByte(VERSION).writeByte(type);
        out.writeUtf8(writerId);
        out.writeLong(epoch);
    }

    static void writeAbortLineage(Bytes<?> out, String lineage) {
        out.writeByte(VERSION).writeByte(ABORT_LINEAGE);
        out.writeUtf8(lineage);
    }

    /** The lineage a writer id carries: its part before the first {@code '-'}. */
    static String lineageOf(String writerId) {
        int dash = writerId.indexOf('-');
        return dash < 0 ? writerId : writerId.substring(0, dash);
    }

    /**
     * One document as read, reused from document to document by one reader thread. {@link #parse}
     * reads the header and the ids; the value is read only on demand ({@link #readValue}).
     */
    static final class Parsed {
        private byte[] reusedValue = new byte[0];
        byte type;
        /** Null unless the document is malformed: why it is not a Sluice document. */
        String malformed;
        /** The writer id of a RECORD, COMMIT or ABORT_EPOCH; the lineage of an ABORT_LINEAGE. */
        String id;
        long epoch;
        long timestamp;
        int valueLength;

        private final StringBuilder idChars = new StringBuilder(64);
        /** The id read last, kept so that a run of one writer's documents allocates no new String. */
        private String lastId;

        /** Reads the document's header, leaving {@code in} at the value (RECORD, PLAIN) or the end. */
        void parse(Bytes<?> in) {
            malformed = null;
            id = null;
            epoch = 0;
            timestamp = Long.MIN_VALUE;
            valueLength = 0;
            long start = in.readPosition();
            try {
                if (in.readRemaining() < 2) {
                    malformed = "a document of " + in.readRemaining() + " byte(s), shorter than a Sluice header";
                    return;
                }
                byte version = in.readByte();
                type = in.readByte();
                if (version != VERSION) {
                    malformed = "not a Sluice document (format version byte " + version + ", expected " + VERSION + ")";
                    return;
                }
                switch (type) {
                    case RECORD -> {
                        id = readId(in);
                        epoch = in.readLong();
                        timestamp = in.readLong();
                        valueLength = checkedLength(in);
                    }
                    case PLAIN -> {
                        timestamp = in.readLong();
                        valueLength = checkedLength(in);
                    }
                    case COMMIT, ABORT_EPOCH -> {
                        id = readId(in);
                        epoch = in.readLong();
                    }
                    case ABORT_LINEAGE -> id = readId(in);
                    default -> malformed = "not a Sluice document (unknown type byte " + type + ")";
                }
            } catch (RuntimeException e) {
                malformed = "a truncated or corrupt Sluice document (" + e.getClass().getSimpleName() + ")";
            } finally {
                if (malformed != null) {
                    in.readPosition(start);
                    valueLength = (int) Math.min(Integer.MAX_VALUE, in.readRemaining());
                }
            }
        }

        /** The value bytes of a RECORD or PLAIN document, or every byte of a malformed one. */
        /**
         * The value, in an array reused while values keep the same length (the usual case: a queue
         * of records of one type), so that reading a record allocates nothing; the reader's
         * consumers copy what they keep ({@link io.sluice.api.connector.format.SourceRecord}).
         */
        byte[] readValue(Bytes<?> in) {
            byte[] value = reusedValue.length == valueLength ? reusedValue : (reusedValue = new byte[valueLength]);
            in.read(value);
            return value;
        }

        /** Reads an id, reusing the last String when the bytes spell the same id (the usual case). */
        private String readId(Bytes<?> in) {
            idChars.setLength(0);
            if (!in.readUtf8(idChars)) {
                throw new IllegalStateException("missing id");
            }
            if (lastId == null || !lastId.contentEquals(idChars)) {
                lastId = idChars.toString();
            }
            return lastId;
        }

        private static int checkedLength(Bytes<?> in) {
            int length = in.readInt();
            if (length < 0 || length > in.readRemaining()) {
                throw new IllegalStateException("bad length " + length);
            }
            return length;
        }
    }
}
