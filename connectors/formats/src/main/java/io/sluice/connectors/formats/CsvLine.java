package io.sluice.connectors.formats;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into its fields (RFC 4180 on a single line): fields separated by the
 * separator; a field in double quotes may hold separators, and a doubled quote stands for one. A
 * field without quotes is taken as it is (spaces kept). Stateless.
 */
final class CsvLine {

    private CsvLine() {
    }

    /**
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
            } else {
                while (i < n && line.charAt(i) != separator) {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the separator
        }
    }
}
