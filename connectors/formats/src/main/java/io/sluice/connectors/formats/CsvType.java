package io.sluice.connectors.formats;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The type of a CSV column, which reads a field's text into a value. An empty field is null for
 * every type. {@link #infer} picks the narrowest type that reads every sample value.
 */
public enum CsvType {
    /** Whole numbers, as {@code Long}. */
    LONG(Long.class) {
        @Override
        Object parse(String text) {
            return Long.parseLong(text.trim());
        }
    },
    /** Exact decimal numbers, as {@code BigDecimal} (never a double: 0.1 stays 0.1). */
    DECIMAL(BigDecimal.class) {
        @Override
        Object parse(String text) {
            return new BigDecimal(text.trim());
        }
    },
    /** {@code true} or {@code false}, any case. */
    BOOLEAN(Boolean.class) {
        @Override
        Object parse(String text) {
            String t = text.trim();
            if (t.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (t.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("not true or false");
        }
    },
    /** ISO-8601 dates ({@code 2024-03-01}), as {@code LocalDate}. */
    DATE(LocalDate.class) {
        @Override
        Object parse(String text) {
            return LocalDate.parse(text.trim());
        }
    },
    /**
     * ISO-8601 instants ({@code 2024-03-01T12:00:00Z}, or with an offset), as {@code Instant}.
     */
    TIMESTAMP(Instant.class) {
        @Override
        Object parse(String text) {
            String t = text.trim();
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException e) {
                return OffsetDateTime.parse(t).toInstant();
            }
        }
    },
    /** ISO-8601 date-times without an offset ({@code 2024-03-01T12:00:00}), as {@code LocalDateTime}. */
    LOCAL_TIMESTAMP(LocalDateTime.class) {
        @Override
        Object parse(String text) {
            return LocalDateTime.parse(text.trim());
        }
    },
    /** Anything, as the text itself. */
    STRING(String.class) {
        @Override
        Object parse(String text) {
            return text;
        }
    };

    private final Class<?> javaType;

    CsvType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The class of the values it reads. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The value of {@code text}; never called with an empty field. */
    abstract Object parse(String text) throws Exception;

    /** Null for an empty field, else the parsed value. */
    Object read(String text) throws Exception {
        return text.isEmpty() ? null : parse(text);
    }

    /** The first of LONG, DECIMAL, BOOLEAN, DATE, TIMESTAMP, LOCAL_TIMESTAMP that reads every non-empty sample; else STRING. */
    static CsvType infer(Iterable<String> samples) {
        for (CsvType candidate : values()) {
            if (candidate == STRING) {
                break;
            }
            boolean fits = true;
            boolean any = false;
            for (String s : samples) {
                if (s.isEmpty()) {
                    continue;
                }
                any = true;
                try {
                    candidate.parse(s);
                } catch (Exception e) {
                    fits = false;
                    break;
                }
            }
            if (fits && any) {
                return candidate;
            }
        }
        return STRING;
    }
}
