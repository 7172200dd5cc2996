package io.sluice.runtime.server;

import io.sluice.api.config.ConfigOption;
import io.sluice.api.config.ConfigRegistry;

/**
 * Settings of the runtime server ({@code bin/sluice runtime}); the same configuration file also
 * holds defaults for every job submitted to it ({@code checkpoint.*}, {@code state.*}, ...).
 */
public final class RuntimeOptions {

    private RuntimeOptions() {
    }

    public static final ConfigOption<Integer> PORT = ConfigOption.intOption("runtime.port", 8081,
            "Port of the runtime's REST API, dashboard and /metrics (0: any free port).").between(0, 65535);

    public static final ConfigOption<String> BIND_ADDRESS = ConfigOption.stringOption("runtime.bind-address",
            "127.0.0.1", "Address the runtime listens on; 127.0.0.1 keeps it local, 0.0.0.0 opens it to the"
                    + " network (set runtime.token then).");

    public static final ConfigOption<String> DATA_DIRECTORY = ConfigOption.stringOption("runtime.data-directory",
            "sluice-data", "Where the runtime keeps uploaded jars, its jobs' records and (unless checkpoint.directory"
                    + " is set) their checkpoints; started again on the same directory, it resumes its jobs.");

    public static final ConfigOption<String> TOKEN = ConfigOption.stringOption("runtime.token", "",
            "When set, every request must carry 'Authorization: Bearer <token>' (the CLI sends runtime.token or"
                    + " SLUICE_TOKEN; the dashboard asks for it).");

    public static final ConfigOption<Long> MAX_UPLOAD_BYTES = ConfigOption.longOption("runtime.max-upload-bytes",
            256L << 20, "Largest job jar the runtime accepts, in bytes.");

    public static final ConfigOption<String> ADDRESS = ConfigOption.stringOption("runtime.address", "",
            "Where the CLI finds the runtime (http://host:port); by default http://<runtime.bind-address>:"
                    + "<runtime.port>. SLUICE_RUNTIME or --runtime override it.");

    static {
        ConfigRegistry.register(RuntimeOptions.class); // after the fields above are set
    }

    /** Makes sure the options are registered (their class is initialised). */
    static void register() {
        // the static initialiser did it
    }
}
