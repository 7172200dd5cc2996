package io.sluice.connectors.formats;

import io.sluice.api.connector.format.DelimitedTextSerializer;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvSerializerTest {

    public enum Kind { CARD, TRANSFER }

    public record Payment(String account, BigDecimal amount, Instant time, int items, Kind kind, Long optional) {
    }

    public record Everything(String text, Integer count, long big, double ratio, Double maybe, boolean flag,
                             LocalDate day, LocalDateTime local, Kind kind) {
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static <T> T read(RecordDeserializer<T> d, byte[] line) throws Exception {
        return d.deserialize(new SourceRecord() {
            @Override
            public byte[] value() {
                return line;
            }

            @Override
            public String origin() {
                return "test";
            }

            @Override
            public long position() {
                return 1;
            }
        });
    }

    private static final Payment PLAIN = new Payment("a-1", new BigDecimal("12.50"),
            Instant.parse("2024-03-01T12:00:00Z"), 3, Kind.CARD, null);

    @Test
    void aRecordIsWrittenAsOneLineColumnByComponent() throws Exception {
        assertThat(text(Csv.serializer(Payment.class).serialize(PLAIN)))
                .isEqualTo("a-1,12.50,2024-03-01T12:00:00Z,3,CARD,");
        assertThat(text(Csv.serializer(Payment.class).withSeparator(';').serialize(PLAIN)))
                .isEqualTo("a-1;12.50;2024-03-01T12:00:00Z;3;CARD;");
    }

    @Test
    void fieldsWithSeparatorsQuotesOrLineBreaksAreQuotedWithQuotesDoubled() throws Exception {
        CsvSerializer<Payment> csv = Csv.serializer(Payment.class);
        assertThat(text(csv.serialize(new Payment("Smith, \"J\"", BigDecimal.ONE, PLAIN.time(), 0, Kind.TRANSFER, 7L))))
                .isEqualTo("\"Smith, \"\"J\"\"\",1,2024-03-01T12:00:00Z,0,TRANSFER,7");
        assertThat(text(csv.serialize(new Payment("two\nlines\r\nthree", BigDecimal.ONE, PLAIN.time(), 0, Kind.CARD, 7L))))
                .isEqualTo("\"two\nlines\r\nthree\",1,2024-03-01T12:00:00Z,0,CARD,7");
        assertThat(text(csv.serialize(new Payment(" spaces kept ", BigDecimal.ONE, PLAIN.time(), 0, Kind.CARD, 7L))))
                .as("no quotes needed").startsWith(" spaces kept ,");
        assertThat(text(csv.withSeparator(';').serialize(new Payment("a,b;c", BigDecimal.ONE, PLAIN.time(), 0,
                Kind.CARD, 7L)))).as("the separator in use is what needs quotes").startsWith("\"a,b;c\";1;");
    }

    @Test
    void nullIsAnEmptyFieldAndTheEmptyStringIsQuotedSoBothReadBackAsTheyWere() throws Exception {
        CsvSerializer<Payment> out = Csv.serializer(Payment.class);
        CsvDeserializer<Payment> in = Csv.records(Payment.class);
        Payment nulls = new Payment(null, null, null, 0, null, null);
        Payment empty = new Payment("", null, null, 0, null, null);
        assertThat(text(out.serialize(nulls))).isEqualTo(",,,0,,");
        assertThat(text(out.serialize(empty))).isEqualTo("\"\",,,0,,");
        assertThat(read(in, out.serialize(nulls))).isEqualTo(nulls);
        assertThat(read(in, out.serialize(empty))).isEqualTo(empty);
    }

    @Test
    void whatTheSerializerWritesTheDeserializerReadsBackEqual() throws Exception {
        CsvSerializer<Everything> out = Csv.serializer(Everything.class);
        CsvDeserializer<Everything> in = Csv.records(Everything.class);
        List<Everything> values = List.of(
                new Everything("plain", 1, Long.MAX_VALUE, 0.1, null, true, LocalDate.of(2024, 2, 29),
                        LocalDateTime.of(2024, 3, 1, 12, 0), Kind.CARD),
                new Everything("ünïcödé 😀 中文, \"quoted\"\nand\r\nbroken", null, Long.MIN_VALUE, -1.0E-300,
                        Double.MAX_VALUE, false, null, LocalDateTime.of(2024, 3, 1, 12, 0, 1, 5), null),
                new Everything("", -7, 0, 1.0 / 3, 2.5E10, true, LocalDate.MIN, null, Kind.TRANSFER),
                new Everything(null, 0, 42, Double.MIN_VALUE, -0.0, false, null, null, null),
                new Everything("\"", 1, 1, 1, 1.0, true, null, null, null),
                new Everything(",", 1, 1, 1, 1.0, true, null, null, null));
        for (Everything value : values) {
            assertThat(read(in, out.serialize(value))).as("%s as %s", value, text(out.serialize(value))).isEqualTo(value);
        }
        CsvSerializer<Payment> payments = Csv.serializer(Payment.class);
        Payment exact = new Payment("a", new BigDecimal("1E+3"), PLAIN.time(), 1, Kind.CARD, 1L);
        assertThat(read(Csv.records(Payment.class), payments.serialize(exact)).amount())
                .as("a BigDecimal keeps its scale").isEqualTo(new BigDecimal("1E+3"));
    }

    @Test
    void rowsOfASchemaAreWrittenAndReadBack() throws Exception {
        CsvSchema schema = CsvSchema.builder().column("id", CsvType.LONG).column("name", CsvType.STRING)
                .column("amount", CsvType.DECIMAL).column("day", CsvType.DATE).build();
        CsvRow row = CsvRow.of(schema, 7L, "x, \"y\"", new BigDecimal("0.10"), null);
        CsvSerializer<CsvRow> out = Csv.serializer(schema);
        assertThat(text(out.serialize(row))).isEqualTo("7,\"x, \"\"y\"\"\",0.10,");
        assertThat(read(Csv.rows(schema), out.serialize(row))).isEqualTo(row);

        assertThatThrownBy(() -> CsvRow.of(schema, 7L, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row of 4 CSV columns (id, name, amount, day) cannot hold 2 values");
        assertThatThrownBy(() -> CsvRow.of(schema, 7, "x", null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CSV column 'id' is LONG: give a Long or null, got 7 (Integer)");
        CsvSchema other = CsvSchema.builder().column("id", CsvType.STRING).column("name", CsvType.STRING)
                .column("amount", CsvType.DECIMAL).column("day", CsvType.DATE).build();
        assertThatThrownBy(() -> out.serialize(CsvRow.of(other, "7", "x", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 1 'id': a String in a LONG column; give a Long");
    }

    @Test
    void withAHeaderTheHeaderLineIsTheColumnNamesAndOtherwiseThereIsNone() throws Exception {
        DelimitedTextSerializer<Payment> plain = Csv.serializer(Payment.class);
        assertThat(plain.headerLine()).isNull();
        assertThat(text(Csv.serializer(Payment.class).withHeader().headerLine()))
                .isEqualTo("account,amount,time,items,kind,optional");
        assertThat(text(Csv.serializer(Payment.class).withHeader().withSeparator('\t').headerLine()))
                .isEqualTo("account\tamount\ttime\titems\tkind\toptional");
        byte[] header = Csv.serializer(Payment.class).withHeader().headerLine();
        assertThatThrownBy(() -> read(Csv.records(Payment.class).withHeader(), header))
                .as("the reader with a header skips it").isInstanceOf(RecordDeserializer.NotARecord.class);
    }

    @Test
    void valuesThatCannotBeReadBackAreRefusedNamingTheColumn() {
        CsvSerializer<Everything> csv = Csv.serializer(Everything.class);
        assertThatThrownBy(() -> csv.serialize(new Everything("x", 1, 1, Double.NaN, null, true, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 4 'ratio': cannot write NaN: a CSV DECIMAL column reads finite numbers only;"
                        + " write null instead, or use a String column");
        assertThatThrownBy(() -> csv.serialize(new Everything("x", 1, 1, 1, Double.POSITIVE_INFINITY, true, null, null,
                null))).hasMessageStartingWith("column 5 'maybe': cannot write Infinity");

        record Names(String a, String b) {
        }
        CsvSerializer<Names> names = Csv.serializer(Names.class).withHeader();
        assertThatThrownBy(() -> names.serialize(new Names(" A", "b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot write Names[a= A, b=b] as CSV with a header: its fields are the column names, so a"
                        + " reader of the header would skip it");
        assertThatThrownBy(() -> Csv.serializer(String.class)).hasMessageContaining("is not a record");
        record Odd(Object what) {
        }
        assertThatThrownBy(() -> Csv.serializer(Odd.class)).hasMessageContaining("component 'what'");
    }

    @Test
    void aSerializerSurvivesJavaSerialization() throws Exception {
        CsvSerializer<Payment> csv = Csv.serializer(Payment.class).withSeparator(';').withHeader();
        csv.serialize(PLAIN); // its accessors found: they are not serialized
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(csv);
        }
        @SuppressWarnings("unchecked")
        CsvSerializer<Payment> copy = (CsvSerializer<Payment>) new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertThat(text(copy.serialize(PLAIN))).isEqualTo("a-1;12.50;2024-03-01T12:00:00Z;3;CARD;");
        assertThat(text(copy.headerLine())).isEqualTo("account;amount;time;items;kind;optional");
    }
}
