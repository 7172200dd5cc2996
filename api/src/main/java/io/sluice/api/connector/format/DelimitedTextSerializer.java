package io.sluice.api.connector.format;

/**
 * A {@link RecordSerializer} of delimited text such as CSV: each element is one record of fields,
 * which may hold a line break only inside double quotes (RFC 4180), and a file of such records may
 * begin with a header line. A sink that writes files writes {@link #headerLine()} at the start of
 * every file, so that each file can be read alone, and accepts line breaks inside quotes.
 *
 * @param <T> the element type
 */
public interface DelimitedTextSerializer<T> extends RecordSerializer<T> {

    /** The header line (the column names) without a line break, or null for files without one. */
    byte[] headerLine();
}
