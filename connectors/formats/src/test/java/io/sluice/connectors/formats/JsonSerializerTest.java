package io.sluice.connectors.formats;

import io.sluice.connectors.formats.Model.Account;
import io.sluice.connectors.formats.Model.Address;
import io.sluice.connectors.formats.Model.Line;
import io.sluice.connectors.formats.Model.Order;
import io.sluice.connectors.formats.Model.Side;
import io.sluice.connectors.formats.Model.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sluice.connectors.formats.JsonDeserializerTest.javaCopy;
import static io.sluice.connectors.formats.JsonDeserializerTest.record;
import static org.assertj.core.api.Assertions.assertThat;

class JsonSerializerTest {

    @Test
    void shouldWriteARecordAsCompactJsonWithIsoTime() throws Exception {
        Trade trade = new Trade("acc-1", new BigDecimal("12.50"), Instant.parse("2024-03-01T12:00:00.123Z"));

        String json = text(Json.<Trade>serializer().serialize(trade));

        assertThat(json).isEqualTo("{\"account\":\"acc-1\",\"amount\":12.50,\"time\":\"2024-03-01T12:00:00.123Z\"}");
    }

    @Test
    void shouldWriteOtherTimeTypesAsIsoStrings() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("day", LocalDate.of(2024, 2, 29));
        values.put("offset", OffsetDateTime.parse("2024-03-01T12:00:00+02:00"));
        values.put("duration", Duration.ofMillis(1500));

        assertThat(text(Json.serializer().serialize(values)))
                .isEqualTo("{\"day\":\"2024-02-29\",\"offset\":\"2024-03-01T12:00:00+02:00\",\"duration\":\"PT1.5S\"}");
    }

    @Test
    void shouldRoundTripARecordWithGenericFieldsAndNulls() throws Exception {
        Order order = new Order("o1", List.of(new Line("x", 2, Side.BUY), new Line("y", Long.MAX_VALUE, null)),
                new Trade("a", new BigDecimal("1E+3"), Instant.parse("2024-03-01T12:00:00Z")),
                Map.of("eur", List.of(new BigDecimal("0.10"))), Set.of(Side.SELL), LocalDate.of(2024, 2, 29), null);

        byte[] bytes = Json.<Order>serializer().serialize(order);
        Order back = Json.deserializer(Order.class).deserialize(record(text(bytes)));

        assertThat(back).isEqualTo(order);
        assertThat(back.trade().amount().scale()).isEqualTo(-3);
        assertThat(text(bytes)).contains("\"note\":null").contains("\"amount\":1E+3").doesNotContain("\n");
    }

    @Test
    void shouldRoundTripAClassWithSettersAndFields() throws Exception {
        Account account = new Account();
        account.setName("Ada \"the first\"");
        account.setBalanceCents(9_007_199_254_740_993L);
        account.setRate(new BigDecimal("0.0000000000000000000001"));
        account.setOpened(Instant.parse("2020-01-02T03:04:05.000000001Z"));
        account.address = new Address("Zürich", null);
        account.tags = List.of();

        byte[] bytes = Json.<Account>serializer().serialize(account);

        assertThat(Json.deserializer(Account.class).deserialize(record(text(bytes)))).isEqualTo(account);
        assertThat(text(bytes)).isEqualTo("{\"name\":\"Ada \\\"the first\\\"\",\"balanceCents\":9007199254740993,\"rate\":1E-22,"
                + "\"opened\":\"2020-01-02T03:04:05.000000001Z\",\"address\":{\"city\":\"Zürich\",\"zip\":null},"
                + "\"tags\":[],\"note\":null}");
    }

    @Test
    void shouldWorkAfterJavaSerialization() throws Exception {
        JsonSerializer<Trade> used = Json.serializer();
        used.serialize(new Trade("a", BigDecimal.ONE, null));

        JsonSerializer<Trade> copy = javaCopy(used);

        assertThat(copy).isNotSameAs(used);
        assertThat(text(copy.serialize(new Trade("b", BigDecimal.TEN, Instant.EPOCH))))
                .isEqualTo("{\"account\":\"b\",\"amount\":10,\"time\":\"1970-01-01T00:00:00Z\"}");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
