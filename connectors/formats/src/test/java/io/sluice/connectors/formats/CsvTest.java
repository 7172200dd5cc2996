package io.sluice.connectors.formats;

import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTest {

    public enum Kind { CARD, TRANSFER }

    public record Payment(String account, BigDecimal amount, Instant time, int items, Kind kind, Long optional) {
    }

    @TempDir
    Path dir;

    private static SourceRecord line(String text) {
        return new SourceRecord() {
            @Override
            public byte[] value() {
                return text.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String origin() {
                return "test";
            }

            @Override
            public long position() {
                return 1;
            }
        };
    }

    private static <T> T read(RecordDeserializer<T> d, String text) throws Exception {
        return d.deserialize(line(text));
    }

    @Test
    void aLineBecomesARecordColumnByComponentWithQuotesAndEmptyFields() throws Exception {
        CsvDeserializer<Payment> csv = Csv.records(Payment.class);
        assertThat(read(csv, "a-1,12.50,2024-03-01T12:00:00Z,3,card,"))
                .isEqualTo(new Payment("a-1", new BigDecimal("12.50"), Instant.parse("2024-03-01T12:00:00Z"), 3,
                        Kind.CARD, null));
        assertThat(read(csv, "\"Smith, \"\"J\"\"\",0.1,2024-03-01T13:00:00+01:00,0,TRANSFER,7"))
                .isEqualTo(new Payment("Smith, \"J\"", new BigDecimal("0.1"), Instant.parse("2024-03-01T12:00:00Z"), 0,
                        Kind.TRANSFER, 7L));
    }

    @Test
    void anEmptyFieldIsNullAndAQuotedEmptyFieldTheEmptyStringInAStringColumnOnly() throws Exception {
        CsvDeserializer<Payment> csv = Csv.records(Payment.class);
        assertThat(read(csv, ",1,2024-03-01T12:00:00Z,3,card,").account()).isNull();
        assertThat(read(csv, "\"\",1,2024-03-01T12:00:00Z,3,card,").account()).isEmpty();
        assertThat(read(csv, "a,1,2024-03-01T12:00:00Z,3,card,\"\"").optional()).as("no empty Long").isNull();
        assertThatThrownBy(() -> read(csv, "a,1,2024-03-01T12:00:00Z,\"\",card,"))
                .hasMessageStartingWith("column 4 'items': empty, and a primitive int cannot be null");
    }

    @Test
    void aQuotedFieldMayHoldLineBreaks() throws Exception {
        assertThat(read(Csv.records(Payment.class), "\"two\nlines\r\n\",1,2024-03-01T12:00:00Z,3,card,").account())
                .isEqualTo("two\nlines\r\n");
    }

    @Test
    void theHeaderIsNotARecordButOtherLinesThatDoNotFitAreBadRecords() throws Exception {
        CsvDeserializer<Payment> csv = Csv.records(Payment.class).withHeader();
        assertThatThrownBy(() -> read(csv, "Account,amount,time,items,kind,optional"))
                .isInstanceOf(RecordDeserializer.NotARecord.class);
        assertThatThrownBy(() -> read(Csv.records(Payment.class), "account,amount,time,items,kind,optional"))
                .as("without withHeader() a header is data").isInstanceOf(CsvFormatException.class)
                .hasMessage("column 2 'amount': cannot read \"amount\" as a BigDecimal");
    }

    @Test
    void everyKindOfBadLineSaysWhichColumnAndWhy() {
        CsvDeserializer<Payment> csv = Csv.records(Payment.class);
        assertThatThrownBy(() -> read(csv, "a-1,12.50"))
                .hasMessage("expected 6 columns (account, amount, time, items, kind, optional), found 2");
        assertThatThrownBy(() -> read(csv, "a-1,12x,2024-03-01T12:00:00Z,3,CARD,"))
                .hasMessage("column 2 'amount': cannot read \"12x\" as a BigDecimal");
        assertThatThrownBy(() -> read(csv, "a-1,1,yesterday,3,CARD,"))
                .hasMessage("column 3 'time': cannot read \"yesterday\" as an Instant");
        assertThatThrownBy(() -> read(csv, "a-1,1,2024-03-01T12:00:00Z,,CARD,"))
                .hasMessage("column 4 'items': empty, and a primitive int cannot be null; give a value or declare it"
                        + " as Integer");
        assertThatThrownBy(() -> read(csv, "a-1,1,2024-03-01T12:00:00Z,99999999999,CARD,"))
                .hasMessage("column 4 'items': cannot read \"99999999999\" as an int: out of range");
        assertThatThrownBy(() -> read(csv, "a-1,1,2024-03-01T12:00:00Z,1,CASH,"))
                .hasMessage("cannot read \"CASH\" as a Kind (one of CARD, TRANSFER)");
        assertThatThrownBy(() -> read(csv, "\"a-1,1,2024-03-01T12:00:00Z,1,CARD,"))
                .hasMessage("a quote opened at character 1 is never closed");
        assertThatThrownBy(() -> read(csv, "\"a\"x,1,2024-03-01T12:00:00Z,1,CARD,"))
                .hasMessageStartingWith("text after the closing quote at character 3");
        assertThatThrownBy(() -> Csv.records(String.class)).hasMessageContaining("is not a record");
    }

    @Test
    void aSchemaIsInferredFromASampleAndReadsRows() throws Exception {
        Path file = Files.writeString(dir.resolve("day.csv"), """
                account,amount,count,day,flag,note
                a-1,12.50,3,2024-03-01,true,x
                a-2,7,4,2024-03-02,false,
                """);
        CsvSchema schema = Csv.inferSchema(file, 100);
        assertThat(schema.describe())
                .isEqualTo("account STRING, amount DECIMAL, count LONG, day DATE, flag BOOLEAN, note STRING");

        CsvDeserializer<CsvRow> rows = Csv.rows(schema).withHeader();
        CsvRow row = read(rows, "a-3,0.01,5,2024-03-03,TRUE,hello");
        assertThat(row.getString("account")).isEqualTo("a-3");
        assertThat(row.getDecimal("amount")).isEqualTo(new BigDecimal("0.01"));
        assertThat(row.getLong("count")).isEqualTo(5L);
        assertThat(row.get("day")).isEqualTo(LocalDate.parse("2024-03-03"));
        assertThat(row.get("flag")).isEqualTo(true);
        assertThatThrownBy(() -> row.get("nope")).hasMessageContaining("no CSV column 'nope'");
        assertThatThrownBy(() -> read(rows, "a-4,lots,5,2024-03-03,true,")).hasMessage(
                "column 2 'amount': cannot read \"lots\" as a BigDecimal");
    }

    @Test
    void aDeserializerSurvivesJavaSerializationAndAnotherSeparator() throws Exception {
        CsvDeserializer<Payment> csv = Csv.records(Payment.class).withSeparator(';').withHeader();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(csv);
        }
        @SuppressWarnings("unchecked")
        CsvDeserializer<Payment> copy = (CsvDeserializer<Payment>) new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertThat(read(copy, "a;1;2024-03-01T12:00:00Z;2;CARD;5").amount()).isEqualTo(new BigDecimal("1"));
    }
}
