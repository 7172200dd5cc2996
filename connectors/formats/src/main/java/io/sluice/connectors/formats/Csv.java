package io.sluice.connectors.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV records, one per line (for instance from a {@code FileSource}): read into a Java record, with
 * the columns in the order of its components and its component types as the schema, or into
 * {@link CsvRow}s of an explicit or inferred {@link CsvSchema}; and written from them, for instance
 * by a {@code TwoPhaseCommitFileSink}.
 *
 * <pre>{@code
 * record Payment(String account, BigDecimal amount, Instant time) {}
 * FileSource.forRecords(dir, Csv.records(Payment.class).withHeader())
 *
 * CsvSchema schema = Csv.inferSchema(Path.of("/data/in/day1.csv"), 1000);   // logs the types it chose
 * FileSource.forRecords(dir, Csv.rows(schema).withHeader())
 *
 * TwoPhaseCommitFileSink.forRecords(out, Csv.serializer(Payment.class).withHeader())   // a header in every part
 * }</pre>
 */
public final class Csv {

    private static final System.Logger LOG = System.getLogger(Csv.class.getName());

    private Csv() {
    }

    /**
     * Lines into {@code type}, a Java record: column {@code i} into its component {@code i}
     * (String, int, long, double, BigDecimal, boolean, LocalDate, Instant, LocalDateTime, an enum).
     *
     * @throws IllegalArgumentException if {@code type} is not a record or has a component of another type
     */
    public static <R> CsvDeserializer<R> records(Class<R> type) {
        return CsvDeserializer.forRecord(type);
    }

    /** Lines into rows of {@code schema}. */
    public static CsvDeserializer<CsvRow> rows(CsvSchema schema) {
        return CsvDeserializer.forRows(schema);
    }

    /**
     * Writes {@code type}, a Java record, as CSV lines: component {@code i} into column {@code i}, as
     * {@link #records} reads them back (see {@link CsvSerializer} for quotes and nulls).
     *
     * @throws IllegalArgumentException if {@code type} is not a record or has a component of another type
     */
    public static <R> CsvSerializer<R> serializer(Class<R> type) {
        return CsvSerializer.forRecord(type);
    }

    /** Writes rows of {@code schema} as CSV lines, as {@link #rows} reads them back. */
    public static CsvSerializer<CsvRow> serializer(CsvSchema schema) {
        return CsvSerializer.forRows(schema);
    }

    /**
     * Infers a schema from the first line (the column names) and up to {@code sampleLines} lines
     * after it of {@code file}: each column gets the narrowest {@link CsvType} that reads all its
     * sample values (LONG, DECIMAL, BOOLEAN, DATE, TIMESTAMP, LOCAL_TIMESTAMP, else STRING). A guess:
     * a later line may not fit (then it is a bad record). It is logged as a warning naming every
     * type, so that you can declare them instead.
     *
     * @throws IOException if the file cannot be read, is empty, or its lines have differing column counts
     */
    public static CsvSchema inferSchema(Path file, int sampleLines) throws IOException {
        return inferSchema(file, sampleLines, ',');
    }

    /** Like {@link #inferSchema(Path, int)}, with another separator. */
    public static CsvSchema inferSchema(Path file, int sampleLines, char separator) throws IOException {
        if (sampleLines < 1) {
            throw new IllegalArgumentException("infer the CSV schema from at least one line, got " + sampleLines);
        }
        List<String> header;
        List<List<String>> columns = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new IOException("cannot infer a CSV schema from " + file + ": it is empty");
            }
            header = CsvLine.split(first, separator);
            for (int i = 0; i < header.size(); i++) {
                columns.add(new ArrayList<>());
            }
            String line;
            int lineNumber = 1;
            while (lineNumber <= sampleLines && (line = in.readLine()) != null) {
                lineNumber++;
                List<String> fields = CsvLine.split(line, separator);
                if (fields.size() != header.size()) {
                    throw new IOException("cannot infer a CSV schema from " + file + ": line " + lineNumber + " has "
                            + fields.size() + " columns, the header " + header.size());
                }
                for (int i = 0; i < fields.size(); i++) {
                    columns.get(i).add(fields.get(i) == null ? "" : fields.get(i));
                }
            }
        } catch (CsvFormatException e) {
            throw new IOException("cannot infer a CSV schema from " + file + ": " + e.getMessage(), e);
        }
        CsvSchema.Builder schema = CsvSchema.builder();
        for (int i = 0; i < header.size(); i++) {
            schema.column(header.get(i) == null ? "" : header.get(i).trim(), CsvType.infer(columns.get(i)));
        }
        CsvSchema inferred = schema.build();
        LOG.log(System.Logger.Level.WARNING, "inferred the CSV schema of {0} from {1} sample line(s): {2}; declare"
                + " it (CsvSchema.builder() or a record class) if a later line may not fit", file,
                columns.isEmpty() ? 0 : columns.get(0).size(), inferred.describe());
        return inferred;
    }
}
