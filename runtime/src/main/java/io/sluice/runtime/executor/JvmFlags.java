package io.sluice.runtime.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The JVM flags Sluice runs with ({@code sluice-jvm.flags}, which {@code bin/sluice} passes), checked
 * against the running JVM before a job starts: a job run from a user's own {@code main()} or test
 * without them would otherwise fail at its first keyed operator with a raw {@code IllegalAccessError}
 * from Agrona. Only the module exports and opens can be checked (through {@link Module}); the
 * rest (system properties, warnings switched off on newer JDKs) changes no behaviour.
 */
public final class JvmFlags {

    /** What the runtime cannot do without: Agrona's off-heap memory access, used by keyed state. */
    static final String REQUIRED = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String DOCUMENTED_AT = "docs/packaging.md#jvm-flags";

    private JvmFlags() {
    }

    /**
     * @throws IllegalStateException with one line naming every missing flag when one the runtime
     *                               needs is missing
     */
    public static void check(String jobName) {
        List<String> missing = missing(recommended(), JvmFlags.class.getModule());
        if (missing.contains(REQUIRED)) {
            throw new IllegalStateException("cannot run job '" + jobName + "': this JVM was started without "
                    + String.join(" ", missing) + "; add " + (missing.size() == 1 ? "it" : "them")
                    + " to the java command line (bin/sluice passes them; see " + DOCUMENTED_AT + ")");
        }
    }

    /** The module flags among {@code flags} that are not in effect for {@code module}, in their order. */
    static List<String> missing(List<String> flags, Module module) {
        List<String> missing = new ArrayList<>();
        for (String flag : flags) {
            if (!inEffect(flag, module)) {
                missing.add(flag);
            }
        }
        return missing;
    }

    /** True for a flag that is not an export or an open, or whose package is exported (opened) to {@code module}. */
    static boolean inEffect(String flag, Module module) {
        boolean exports = flag.startsWith("--add-exports=");
        boolean opens = flag.startsWith("--add-opens=");
        if (!exports && !opens) {
            return true;
        }
        String target = flag.substring(flag.indexOf('=') + 1); // java.base/jdk.internal.misc=ALL-UNNAMED
        int slash = target.indexOf('/');
        int equals = target.indexOf('=', slash);
        if (slash < 0 || equals < 0) {
            return true;
        }
        Optional<Module> source = ModuleLayer.boot().findModule(target.substring(0, slash));
        if (source.isEmpty()) {
            return true; // a module this JVM does not have (e.g. jdk.compiler on a JRE): nothing to check
        }
        String pkg = target.substring(slash + 1, equals);
        return exports ? source.get().isExported(pkg, module) : source.get().isOpen(pkg, module);
    }

    /** The flags {@code bin/sluice} passes on every JDK, from the runtime's {@code sluice-jvm.flags}. */
    static List<String> recommended() {
        Properties flags = new Properties();
        try (InputStream in = JvmFlags.class.getClassLoader().getResourceAsStream("sluice-jvm.flags")) {
            if (in == null) {
                return List.of(REQUIRED);
            }
            flags.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sluice-jvm.flags from the runtime's jar", e);
        }
        List<String> out = new ArrayList<>();
        for (String flag : flags.getProperty("base", REQUIRED).trim().split("\\s+")) {
            if (flag.startsWith("--add-")) {
                out.add(flag);
            }
        }
        return out;
    }
}
