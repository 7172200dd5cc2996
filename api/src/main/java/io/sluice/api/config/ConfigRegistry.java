package io.sluice.api.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every known option, collected from the {@code *Options} classes; the source of truth for
 * validating keys. Modules with options of their own register their holder classes here.
 */
public final class ConfigRegistry {

    private static final Map<String, ConfigOption<?>> OPTIONS = new TreeMap<>();

    static {
        register(PipelineOptions.class);
        register(ExecutionOptions.class);
        register(StateOptions.class);
        register(CheckpointingOptions.class);
        register(RestartOptions.class);
        register(MetricsOptions.class);
    }

    private ConfigRegistry() {
    }

    /** Adds the {@code public static final ConfigOption} fields of {@code holder}. */
    public static synchronized void register(Class<?> holder) {
        for (Field f : holder.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                    OPTIONS.put(option.key(), option);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public static synchronized ConfigOption<?> find(String key) {
        return OPTIONS.get(key);
    }

    public static synchronized List<ConfigOption<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(OPTIONS.values()));
    }

    /** The known key closest to {@code key} by edit distance. */
    public static synchronized String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : OPTIONS.keySet()) {
            int d = editDistance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
