package io.sluice.api.connector.format;

import io.sluice.api.connector.ReaderOutput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadRecordsTest {

    /** A record view as a source would keep one and refill it. */
    static final class Line implements SourceRecord {
        byte[] value;
        long line;

        Line set(String text, long lineNumber) {
            value = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
            line = lineNumber;
            return this;
        }

        @Override
        public byte[] value() {
            return value;
        }

        @Override
        public String origin() {
            return "file /data/amounts.txt";
        }

        @Override
        public long position() {
            return line;
        }
    }

    /** Records what the runtime would be told. */
    static final class Recording implements ReaderOutput<Long> {
        final List<DeadLetter> letters = new ArrayList<>();
        int skipped;

        @Override
        public void collect(Long element) {
        }

        @Override
        public void collect(Long element, long timestamp) {
        }

        @Override
        public SplitOutput<Long> forSplit(String splitId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseSplit(String splitId) {
        }

        @Override
        public void deadLetter(DeadLetter letter) {
            letters.add(letter);
        }

        @Override
        public void skippedBadRecord() {
            skipped++;
        }
    }

    private static final RecordDeserializer<Long> AMOUNT = r -> Long.parseLong(RecordDeserializer.utf8().deserialize(r));

    private final Line line = new Line();
    private final Recording output = new Recording();

    @Test
    void aGoodRecordBecomesItsElementUnderEveryPolicy() throws Exception {
        for (BadRecordPolicy policy : BadRecordPolicy.values()) {
            assertThat(new BadRecords(policy, "amounts").deserialize(AMOUNT, line.set("42", 1), output)).isEqualTo(42L);
        }
        assertThat(output.letters).isEmpty();
        assertThat(output.skipped).isZero();
    }

    @Test
    void underFailABadRecordFailsNamingTheSourceThePositionTheReasonAndTheWayOut() {
        BadRecords bad = new BadRecords(BadRecordPolicy.FAIL, "amounts");
        assertThatThrownBy(() -> bad.deserialize(AMOUNT, line.set("12x", 7), output))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("source 'amounts' cannot read the record at position 7 of file /data/amounts.txt:"
                        + " NumberFormatException: For input string: \"12x\". Fix the data or the deserializer, or give"
                        + " the source another bad-record policy: SKIP (drop and count) or DEAD_LETTER (to the side"
                        + " output DeadLetter.TAG)")
                .hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void underSkipABadRecordIsCountedAndDropped() throws Exception {
        BadRecords bad = new BadRecords(BadRecordPolicy.SKIP, "amounts");
        assertThat(bad.deserialize(AMOUNT, line.set("x", 1), output)).isNull();
        assertThat(bad.deserialize(AMOUNT, line.set("y", 2), output)).isNull();
        assertThat(bad.deserialize(AMOUNT, line.set("3", 3), output)).isEqualTo(3L);
        assertThat(output.skipped).isEqualTo(2);
        assertThat(bad.skipped()).isEqualTo(2);
        assertThat(output.letters).isEmpty();
    }

    @Test
    void underDeadLetterABadRecordGoesToTheSideOutputWithItsOwnCopyOfTheBytes() throws Exception {
        BadRecords bad = new BadRecords(BadRecordPolicy.DEAD_LETTER, "amounts");
        assertThat(bad.deserialize(AMOUNT, line.set("12x", 9), output)).isNull();
        line.set("reused", 10); // the source refills its view
        assertThat(output.letters).containsExactly(new DeadLetter("12x".getBytes(StandardCharsets.UTF_8), null,
                "file /data/amounts.txt", 9, "NumberFormatException: For input string: \"12x\""));
        assertThat(bad.deadLettered()).isEqualTo(1);
        assertThat(output.skipped).isZero();
    }

    @Test
    void aNullElementOrAMissingValueIsABadRecordNotASilentLoss() throws Exception {
        BadRecords bad = new BadRecords(BadRecordPolicy.DEAD_LETTER, "amounts");
        RecordDeserializer<Long> returnsNull = r -> null;
        assertThat(bad.deserialize(returnsNull, line.set("1", 1), output)).isNull();
        assertThat(bad.deserialize(RecordDeserializer.utf8(), line.set(null, 2), output)).isNull();
        assertThat(output.letters).extracting(DeadLetter::reason)
                .containsExactly("the deserializer returned null", "IllegalArgumentException: the record has no value");
    }

    @Test
    void aRecordWithoutDataByDesignIsDroppedWithoutCountingUnderEveryPolicy() throws Exception {
        RecordDeserializer<Long> headerAware = r -> {
            throw new RecordDeserializer.NotARecord("the header");
        };
        for (BadRecordPolicy policy : BadRecordPolicy.values()) {
            assertThat(new BadRecords(policy, "amounts").deserialize(headerAware, line.set("amount", 1), output))
                    .isNull();
        }
        assertThat(output.letters).isEmpty();
        assertThat(output.skipped).isZero();
    }
}
