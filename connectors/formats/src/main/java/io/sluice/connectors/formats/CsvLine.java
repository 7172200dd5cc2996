package io.sluice.connectors.formats;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record into its fields (RFC 4180): fields separated by the separator; a field in
 * double quotes may hold separators and line breaks, and a doubled quote stands for one. A field
 * without quotes is taken as it is (spaces kept). An empty field without quotes is null, a quoted
 * one ({@code ""}) the empty string. Stateless.
 */
final class CsvLine {

    private CsvLine() {
    }

    /**
     * @return the fields, null for an empty one without quotes
     * @throws CsvFormatException for a quote that is never closed, or text right after a closing quote
     */
    static List<String> split(String line, char separator) throws CsvFormatException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int open = i++;
                while (true) {
                    if (i >= n) {
                        throw new CsvFormatException("a quote opened at character " + (open + 1) + " is never closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && line.charAt(i) != separator) {
                    throw new CsvFormatException("text after the closing quote at character " + i
                            + "; quote the whole field, and double the quotes inside it");
                }
                fields.add(field.toString());
            } else {
                while (i < n && line.charAt(i) != separator) {
                    field.append(line.charAt(i++));
                }
                fields.add(field.length() == 0 ? null : field.toString());
            }
            if (i >= n) {
                return fields;
            }
            i++; // the separator
        }
    }
}
