package io.sluice.connectors.files;

/**
 * Finds what would make a line written by the file sink read back as more than one record: a line
 * break, or, where line breaks inside double quotes are allowed (CSV of RFC 4180), one outside
 * quotes or a quote never closed. Stateless.
 */
final class LineBreaks {

    private LineBreaks() {
    }

    /** What is wrong with {@code line} ("a line break at byte 7"), or null if it is one record. */
    static String problem(byte[] line, boolean quotedLineBreaks) {
        boolean inQuotes = false;
        int opened = -1;
        for (int i = 0; i < line.length; i++) {
            byte b = line[i];
            if (quotedLineBreaks && b == '"') {
                inQuotes = !inQuotes;
                opened = i;
            } else if ((b == '\n' || b == '\r') && !inQuotes) {
                return (quotedLineBreaks ? "a line break outside quotes at byte " : "a line break at byte ") + i;
            }
        }
        return inQuotes ? "a quote opened at byte " + opened + " that is never closed" : null;
    }
}
