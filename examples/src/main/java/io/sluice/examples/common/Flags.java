package io.sluice.examples.common;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --name value} (or {@code --name=value}) flags of an example's command line. Only the
 * flags an example declares are accepted; anything else is a {@link UsageException} that shows the
 * usage. Immutable once parsed.
 */
public final class Flags {

    private final String usage;
    private final Map<String, String> values;

    private Flags(String usage, Map<String, String> values) {
        this.usage = usage;
        this.values = values;
    }

    /**
     * Parses {@code args}, accepting only the flags named in {@code known} (without the dashes).
     *
     * @param usage the usage line shown with every error
     * @throws UsageException for an unknown flag, a flag without value, a repeated flag or a bare word
     */
    public static Flags parse(String[] args, String usage, String... known) {
        List<String> allowed = List.of(known);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "': every argument is a flag like --name VALUE"
                        + "\n" + usage);
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!allowed.contains(name)) {
                String knownFlags = allowed.isEmpty() ? "this example takes none"
                        : "known flags: --" + String.join(", --", allowed);
                throw new UsageException("unknown flag '--" + name + "'; " + knownFlags + "\n" + usage);
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("flag '--" + name + "' needs a value\n" + usage);
                }
                value = args[++i];
            }
            if (values.put(name, value) != null) {
                throw new UsageException("flag '--" + name + "' is given twice; give it once\n" + usage);
            }
        }
        return new Flags(usage, values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The flag's value, or {@code defaultValue} when it is absent. */
    public String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /**
     * The flag's value as a whole number of at least 1, or {@code defaultValue} when it is absent.
     *
     * @throws UsageException if the value is not such a number
     */
    public long getPositiveLong(String name, long defaultValue) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("flag '--" + name + "' needs a whole number, got '" + text + "'\n" + usage);
        }
        if (value < 1) {
            throw new UsageException("flag '--" + name + "' must be at least 1, got " + value + "\n" + usage);
        }
        return value;
    }

    /** Fails with {@code problem} followed by the usage. */
    public UsageException usageError(String problem) {
        return new UsageException(problem + "\n" + usage);
    }
}
