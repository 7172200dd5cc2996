package io.sluice.api.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One typed setting: key, type, default and description. Options are declared as constants in the
 * {@code *Options} classes of this package, grouped by area; {@link ConfigRegistry} lists them all.
 */
public final class ConfigOption<T> {

    private final String key;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final long min;
    private final long max;

    private ConfigOption(String key, Class<T> type, T defaultValue, String description) {
        this(key, type, defaultValue, description, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private ConfigOption(String key, Class<T> type, T defaultValue, String description, long min, long max) {
        this.key = Objects.requireNonNull(key);
        this.type = Objects.requireNonNull(type);
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description);
        this.min = min;
        this.max = max;
    }

    /** The same numeric option, refusing values outside {@code [min, max]}. */
    public ConfigOption<T> between(long min, long max) {
        if (type != Integer.class && type != Long.class) {
            throw new IllegalStateException("only numeric options have a range: " + key);
        }
        return new ConfigOption<>(key, type, defaultValue, description, min, max);
    }

    /** Refuses a value out of range with a message naming the key, the value and the range. */
    public T validate(T value) {
        if (value == null) {
            throw new IllegalArgumentException("value of " + key + " must not be null");
        }
        if (value instanceof Number n && (n.longValue() < min || n.longValue() > max)) {
            throw new IllegalArgumentException("invalid value " + value + " for " + key + ": must be "
                    + (max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max));
        }
        return value;
    }

    public static ConfigOption<Integer> intOption(String key, int defaultValue, String description) {
        return new ConfigOption<>(key, Integer.class, defaultValue, description);
    }

    public static ConfigOption<Long> longOption(String key, long defaultValue, String description) {
        return new ConfigOption<>(key, Long.class, defaultValue, description);
    }

    public static ConfigOption<Boolean> booleanOption(String key, boolean defaultValue, String description) {
        return new ConfigOption<>(key, Boolean.class, defaultValue, description);
    }

    public static ConfigOption<String> stringOption(String key, String defaultValue, String description) {
        return new ConfigOption<>(key, String.class, defaultValue, description);
    }

    public static ConfigOption<Duration> durationOption(String key, Duration defaultValue, String description) {
        return new ConfigOption<>(key, Duration.class, defaultValue, description);
    }

    public static <E extends Enum<E>> ConfigOption<E> enumOption(String key, Class<E> type, E defaultValue,
                                                                 String description) {
        return new ConfigOption<>(key, type, defaultValue, description);
    }

    public String key() {
        return key;
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The area is the key's first segment: {@code execution}, {@code pipeline}, ... */
    public String area() {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** Parses {@code text} as this option's type, with an error naming the key and the expected form. */
    public T parse(String text) {
        return validate(parseUnchecked(text));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private T parseUnchecked(String text) {
        String s = text.trim();
        try {
            if (type == Integer.class) return (T) Integer.valueOf(s);
            if (type == Long.class) return (T) Long.valueOf(s);
            if (type == String.class) return (T) s;
            if (type == Duration.class) return (T) parseDuration(s);
            if (type == Boolean.class) {
                if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                    return (T) Boolean.valueOf(s);
                }
                throw new IllegalArgumentException();
            }
            if (type.isEnum()) {
                return (T) Enum.valueOf((Class) type, s.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid value '" + text + "' for " + key + ": expected " + expected());
        }
        throw new IllegalStateException("unsupported option type " + type);
    }

    private String expected() {
        if (type == Integer.class || type == Long.class) return "an integer";
        if (type == Boolean.class) return "true or false";
        if (type == Duration.class) return "a duration such as 200ms, 5s, 1min, 2h";
        if (type.isEnum()) return "one of " + Arrays.toString(type.getEnumConstants());
        return type.getSimpleName();
    }

    /** Parses {@code 200ms}, {@code 5s}, {@code 1min}, {@code 2h}, {@code 1d}, or a bare number of milliseconds. */
    public static Duration parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        switch (unit) {
            case "", "ms": return Duration.ofMillis(n);
            case "us": return Duration.ofNanos(n * 1000);
            case "ns": return Duration.ofNanos(n);
            case "s": return Duration.ofSeconds(n);
            case "min", "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            case "d": return Duration.ofDays(n);
            default: throw new IllegalArgumentException("unknown duration unit '" + unit + "' in " + text);
        }
    }

    @Override
    public String toString() {
        return key + " (" + type.getSimpleName() + ", default " + defaultValue + ")";
    }
}
