package io.sluice.connectors.formats;

import io.sluice.api.connector.format.SourceRecord;
import io.sluice.connectors.formats.Model.Account;
import io.sluice.connectors.formats.Model.Address;
import io.sluice.connectors.formats.Model.Checked;
import io.sluice.connectors.formats.Model.Line;
import io.sluice.connectors.formats.Model.Order;
import io.sluice.connectors.formats.Model.Side;
import io.sluice.connectors.formats.Model.Trade;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonDeserializerTest {

    private static final JsonDeserializer<Trade> TRADES = Json.deserializer(Trade.class);

    @Test
    void shouldReadARecordWithExactBigDecimalAndInstant() throws Exception {
        Trade trade = TRADES.deserialize(record(
                "{\"account\":\"acc-1\",\"amount\":12345678901234567890.1234567890,\"time\":\"2024-03-01T12:00:00.123456789Z\"}"));

        assertThat(trade).isEqualTo(new Trade("acc-1", new BigDecimal("12345678901234567890.1234567890"),
                Instant.parse("2024-03-01T12:00:00.123456789Z")));
        assertThat(trade.amount().scale()).isEqualTo(10);
    }

    @Test
    void shouldReadAClassWithSettersFieldsNestedObjectListAndNulls() throws Exception {
        Account account = Json.deserializer(Account.class).deserialize(record("{\"name\":\"Ada\",\"balanceCents\":"
                + "9007199254740993,\"rate\":0.10,\"opened\":\"2020-01-02T03:04:05Z\",\"address\":{\"city\":\"Basel\","
                + "\"zip\":null},\"tags\":[\"a\",\"b\"],\"note\":null}"));

        Account expected = new Account();
        expected.setName("Ada");
        expected.setBalanceCents(9_007_199_254_740_993L);
        expected.setRate(new BigDecimal("0.10"));
        expected.setOpened(Instant.parse("2020-01-02T03:04:05Z"));
        expected.address = new Address("Basel", null);
        expected.tags = List.of("a", "b");
        assertThat(account).isEqualTo(expected);
        assertThat(account.getRate().scale()).isEqualTo(2);
    }

    @Test
    void shouldReadGenericFieldTypesIntoTheirElementTypes() throws Exception {
        Order order = Json.deserializer(Order.class).deserialize(record("{\"id\":\"o1\",\"lines\":[{\"sku\":\"x\","
                + "\"count\":2,\"side\":\"BUY\"}],\"totals\":{\"eur\":[1.50,2.25]},\"sides\":[\"SELL\"],"
                + "\"day\":\"2024-02-29\"}"));

        assertThat(order).isEqualTo(new Order("o1", List.of(new Line("x", 2, Side.BUY)), null,
                Map.of("eur", List.of(new BigDecimal("1.50"), new BigDecimal("2.25"))), Set.of(Side.SELL),
                LocalDate.of(2024, 2, 29), null));
        assertThat(order.lines().get(0)).isInstanceOf(Line.class);
        assertThat(order.totals().get("eur").get(0)).isInstanceOf(BigDecimal.class);
    }

    @Test
    void shouldReadUntypedNumbersAsBigDecimal() throws Exception {
        Object value = Json.deserializer(Object.class).deserialize(record("{\"a\":0.1,\"b\":7}"));

        assertThat(value).isInstanceOf(LinkedHashMap.class);
        assertThat(((Map<?, ?>) value).get("a")).isEqualTo(new BigDecimal("0.1"));
        assertThat(((Map<?, ?>) value).get("b")).isEqualTo(7);
    }

    @Test
    void shouldKeepTheOffsetOfAnOffsetDateTime() throws Exception {
        OffsetDateTime time = Json.deserializer(OffsetDateTime.class).deserialize(record("\"2024-03-01T12:00:00+02:00\""));

        assertThat(time.toString()).isEqualTo("2024-03-01T12:00+02:00");
    }

    @Test
    void shouldIgnoreUnknownFieldsOnlyWhenAsked() throws Exception {
        SourceRecord record = record("{\"account\":\"a\",\"amout\":1,\"extra\":{\"x\":[1]}}");

        assertThat(TRADES.ignoringUnknownProperties().deserialize(record)).isEqualTo(new Trade("a", null, null));
        assertThat(TRADES.ignoringUnknownProperties().failsOnUnknownProperties()).isFalse();
        assertThat(TRADES.failsOnUnknownProperties()).isTrue();
        assertThatThrownBy(() -> TRADES.deserialize(record)).isInstanceOf(JsonFormatException.class);
    }

    @Test
    void shouldWorkAfterJavaSerialization() throws Exception {
        JsonDeserializer<Trade> used = TRADES.ignoringUnknownProperties();
        used.deserialize(record("{}"));

        JsonDeserializer<Trade> copy = javaCopy(used);

        assertThat(copy).isNotSameAs(used);
        assertThat(copy.type()).isEqualTo(Trade.class);
        assertThat(copy.failsOnUnknownProperties()).isFalse();
        assertThat(copy.deserialize(record("{\"amount\":1.0,\"other\":1}"))).isEqualTo(
                new Trade(null, new BigDecimal("1.0"), null));
    }

    // ---- bad records: the messages

    @Test
    void shouldRefuseARecordWithoutValue() {
        SourceRecord tombstone = new TestRecord(null);

        assertMessage(tombstone, "the record has no value (null); expected a JSON object for Trade");
    }

    @Test
    void shouldRefuseEmptyBlankAndNullValues() {
        assertMessage(record(""), "the value is empty (0 bytes); expected a JSON object for Trade");
        assertMessage(record(" \n"), "the value holds no JSON, only whitespace (2 bytes); expected a JSON object for Trade");
        assertMessage(record("null"), "the value is JSON null; expected a JSON object for Trade");
    }

    @Test
    void shouldNameLineAndColumnOfInvalidJson() {
        assertMessage(record("{\"account\": x}"), "invalid JSON at line 1, column 13: Unrecognized token 'x': was"
                + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        assertMessage(record("{\"account\":\"a\"\n \"amount\":1}"), "invalid JSON at line 2, column 2: Unexpected"
                + " character ('\"'): was expecting comma to separate Object entries");
        assertMessage(record("{\"account\":\"a\""), "invalid JSON at line 1, column 15: Unexpected end-of-input:"
                + " expected close marker for Object (start marker at line 1, column 1)");
    }

    @Test
    void shouldCutALongTokenInInvalidJson() {
        String token = "abcdefghij".repeat(100);

        assertMessage(record("{\"account\": " + token + "}"), "invalid JSON at line 1, column 13: Unrecognized token '"
                + token.substring(0, 60) + "...': was expecting (JSON String, Number, Array, Object or token 'null',"
                + " 'true' or 'false')");
    }

    @Test
    void shouldRefuseASecondValue() {
        assertMessage(record("{} {\"account\":\"a\"}"),
                "more than one JSON value: an object at line 1, column 4 follows the first; a record holds one JSON value");
        assertMessage(record("{}\n7"),
                "more than one JSON value: 7 at line 2, column 1 follows the first; a record holds one JSON value");
    }

    @Test
    void shouldNameTheFieldAndTheValueThatDoesNotFit() {
        assertMessage(record("{\"account\":\"a\",\"amount\":\"abc\"}"), "field 'amount': cannot read \"abc\" as a BigDecimal");
        assertMessage(record("{\"time\":\"yesterday\"}"), "field 'time': cannot read \"yesterday\" as an Instant");
        assertMessage(record("{\"amount\":{\"x\":1}}"), "field 'amount': cannot read an object as a BigDecimal");
        assertMessage(record("{\"account\":[1]}"), "field 'account': cannot read an array as a String");
        assertMessage(record("[1,2]"), "cannot read an array as a Trade");
        assertMessage(record("\"abc\""), "cannot read \"abc\" as a Trade");
    }

    @Test
    void shouldCutALongValue() {
        String value = "y".repeat(500);

        assertMessage(record("{\"amount\":\"" + value + "\"}"),
                "field 'amount': cannot read \"" + "y".repeat(40) + "...\" (500 chars) as a BigDecimal");
    }

    @Test
    void shouldNameTheUnknownFieldAndTheKnownOnes() {
        assertMessage(record("{\"account\":\"a\",\"amout\":1}"), "unknown field 'amout' (known: account, amount, time);"
                + " add it to the class or use ignoringUnknownProperties()");
    }

    @Test
    void shouldGiveThePathOfANestedField() {
        JsonDeserializer<Order> orders = Json.deserializer(Order.class);

        assertMessage(orders, record("{\"lines\":[{\"sku\":\"a\",\"count\":1},{\"sku\":\"b\",\"count\":\"x\"}]}"),
                "field 'lines[1].count': cannot read \"x\" as a long");
        assertMessage(orders, record("{\"trade\":{\"amount\":true}}"), "field 'trade.amount': cannot read true as a BigDecimal");
        assertMessage(orders, record("{\"totals\":{\"eur\":[1,\"b\"]}}"), "field 'totals.eur[1]': cannot read \"b\" as a BigDecimal");
        assertMessage(orders, record("{\"trade\":{\"acount\":\"a\"}}"), "unknown field 'trade.acount' (known: account,"
                + " amount, time); add it to the class or use ignoringUnknownProperties()");
        assertMessage(orders, record("{\"lines\":[{\"sku\":\"a\",\"count\":1,\"side\":\"BUYY\"}]}"),
                "field 'lines[0].side': cannot read \"BUYY\" as a Side (one of BUY, SELL)");
    }

    @Test
    void shouldRefuseNumbersThatWouldLoseInformation() {
        JsonDeserializer<Line> lines = Json.deserializer(Line.class);

        assertMessage(lines, record("{\"count\":1.5}"), "field 'count': cannot read 1.5 as a long");
        assertMessage(lines, record("{\"count\":99999999999999999999}"),
                "field 'count': cannot read 99999999999999999999 as a long: out of range");
    }

    @Test
    void shouldRefuseNullOrMissingForAPrimitive() {
        JsonDeserializer<Line> lines = Json.deserializer(Line.class);

        assertMessage(lines, record("{\"count\":null}"), "field 'count': null for a primitive long; declare it as Long"
                + " to allow null");
        assertMessage(lines, record("{\"sku\":\"a\"}"), "field 'count': missing, and a primitive long cannot be left"
                + " out; add it to the JSON or declare it as Long to allow a missing value");
    }

    @Test
    void shouldReportWhatTheClassItselfRefused() {
        assertMessage(Json.deserializer(Checked.class), record("{\"id\":\"\"}"),
                "cannot create a Checked: IllegalArgumentException: id must not be empty");
        assertMessage(Json.deserializer(Account.class), record("{\"name\":\"a\",\"balanceCents\":-5}"),
                "field 'balanceCents': refused by the class: IllegalArgumentException: balance must not be negative: -5");
    }

    @Test
    void shouldKeepOnlyTheClassesOwnExceptionAsCause() {
        assertThatThrownBy(() -> Json.deserializer(Checked.class).deserialize(record("{\"id\":\"\"}")))
                .cause().isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("id must not be empty");
        assertThatThrownBy(() -> TRADES.deserialize(record("{\"amount\":\"" + "y".repeat(500) + "\"}")))
                .hasNoCause();
    }

    @Test
    void shouldRefuseClassesJacksonCannotCreateWhenBuilt() {
        assertThatThrownBy(() -> Json.deserializer(Model.NoDefaultConstructor.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read JSON into io.sluice.connectors.formats.Model$NoDefaultConstructor: it has no"
                        + " no-arg constructor; add one, make the class a record, or annotate a constructor with @JsonCreator");
        assertThatThrownBy(() -> Json.deserializer(Model.Inner.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read JSON into io.sluice.connectors.formats.Model$Inner: it is an inner (non-static)"
                        + " class; declare it static, or make it a record");
    }

    private static void assertMessage(SourceRecord record, String message) {
        assertMessage(TRADES, record, message);
    }

    private static void assertMessage(JsonDeserializer<?> deserializer, SourceRecord record, String message) {
        assertThatThrownBy(() -> deserializer.deserialize(record))
                .isExactlyInstanceOf(JsonFormatException.class)
                .hasMessage(message);
    }

    static SourceRecord record(String json) {
        return new TestRecord(json.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static <T> T javaCopy(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    record TestRecord(byte[] value) implements SourceRecord {
        @Override
        public String origin() {
            return "test";
        }

        @Override
        public long position() {
            return 7;
        }
    }
}
