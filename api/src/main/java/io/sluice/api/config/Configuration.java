package io.sluice.api.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed settings. Set them in code ({@code set(ExecutionOptions.WORKERS, 4)}), from text
 * ({@code set("execution.workers", "4")}, as the command line and config files do), or load a file.
 * An unknown key is rejected with the nearest valid one; a bad value with the expected form.
 */
public final class Configuration implements Serializable {

    private final Map<String, Object> values = new HashMap<>();

    public <T> Configuration set(ConfigOption<T> option, T value) {
        values.put(option.key(), option.validate(value));
        return this;
    }

    /** Sets an option from text, validating the key and the value. */
    public Configuration set(String key, String value) {
        ConfigOption<?> option = ConfigRegistry.find(key);
        if (option == null) {
            String nearest = ConfigRegistry.nearest(key);
            throw new IllegalArgumentException("unknown configuration key '" + key + "'"
                    + (nearest == null ? "" : "; did you mean '" + nearest + "'?")
                    + " (all keys: docs/configuration.md)");
        }
        values.put(key, option.parse(value));
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        Object v = values.get(option.key());
        return v == null ? option.defaultValue() : (T) v;
    }

    public boolean contains(ConfigOption<?> option) {
        return values.containsKey(option.key());
    }

    /** Copies every setting of {@code other} over this one. */
    public Configuration addAll(Configuration other) {
        values.putAll(other.values);
        return this;
    }

    /**
     * Reads {@code key: value} or {@code key=value} lines; {@code #} starts a comment. Errors name
     * the file and line.
     */
    public static Configuration fromFile(Path file) throws IOException {
        Configuration conf = new Configuration();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int sep = indexOfSeparator(line);
            if (sep < 0) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'key: value', got '" + line + "'");
            }
            try {
                conf.set(line.substring(0, sep).strip(), line.substring(sep + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return conf;
    }

    private static int indexOfSeparator(String line) {
        int colon = line.indexOf(':');
        int eq = line.indexOf('=');
        if (colon < 0) return eq;
        if (eq < 0) return colon;
        return Math.min(colon, eq);
    }

    /** The explicitly set values, by key, for display. */
    public Map<String, Object> toMap() {
        return new TreeMap<>(values);
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
