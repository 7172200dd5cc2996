package io.sluice.connectors.formats;

import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.format.BadRecordException;
import io.sluice.api.connector.format.BadRecordPolicy;
import io.sluice.api.connector.format.BadRecords;
import io.sluice.api.connector.format.DeadLetter;
import io.sluice.connectors.formats.Model.Trade;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.sluice.connectors.formats.JsonDeserializerTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON messages as a source's bad-record policy reports them. */
class JsonBadRecordsTest {

    private static final String BAD = "{\"account\":\"a\",\"amout\":1}";

    @Test
    void shouldFailTheJobWithTheFieldInTheMessage() {
        BadRecords badRecords = new BadRecords(BadRecordPolicy.FAIL, "trades");

        assertThatThrownBy(() -> badRecords.deserialize(Json.deserializer(Trade.class), record(BAD), new Output()))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("source 'trades' cannot read the record at position 7 of test: JsonFormatException: unknown"
                        + " field 'amout' (known: account, amount, time); add it to the class or use"
                        + " ignoringUnknownProperties(). Fix the data or the deserializer, or give the source another"
                        + " bad-record policy: SKIP (drop and count) or DEAD_LETTER (to the side output DeadLetter.TAG)");
    }

    @Test
    void shouldSendTheRawBytesAndTheReasonToTheDeadLetters() throws Exception {
        BadRecords badRecords = new BadRecords(BadRecordPolicy.DEAD_LETTER, "trades");
        Output output = new Output();

        Trade bad = badRecords.deserialize(Json.deserializer(Trade.class), record(BAD), output);
        Trade good = badRecords.deserialize(Json.deserializer(Trade.class), record("{\"account\":\"b\"}"), output);

        assertThat(bad).isNull();
        assertThat(good).isEqualTo(new Trade("b", null, null));
        assertThat(output.deadLetters).containsExactly(new DeadLetter(BAD.getBytes(StandardCharsets.UTF_8), null, "test",
                7, "JsonFormatException: unknown field 'amout' (known: account, amount, time); add it to the class or"
                + " use ignoringUnknownProperties()"));
    }

    private static final class Output implements ReaderOutput<Object> {
        final List<DeadLetter> deadLetters = new ArrayList<>();

        @Override
        public void collect(Object element) {
        }

        @Override
        public void collect(Object element, long timestamp) {
        }

        @Override
        public SplitOutput<Object> forSplit(String splitId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseSplit(String splitId) {
        }

        @Override
        public void deadLetter(DeadLetter letter) {
            deadLetters.add(letter);
        }
    }
}
