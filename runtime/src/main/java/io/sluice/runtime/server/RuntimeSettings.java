package io.sluice.runtime.server;

import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;

import java.nio.file.Path;

/**
 * How a runtime server runs: its own options ({@link RuntimeOptions}, {@code execution.workers} for
 * the size of its worker pool, {@code execution.idle-strategy}) and the defaults of every job
 * submitted to it (the rest of the same configuration).
 */
public final class RuntimeSettings {

    static {
        RuntimeOptions.register();
    }

    private final Configuration configuration;

    private RuntimeSettings(Configuration configuration) {
        this.configuration = configuration;
    }

    public static RuntimeSettings of(Configuration configuration) {
        return new RuntimeSettings(new Configuration().addAll(configuration));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Everything, as given: the runtime's options and the jobs' defaults. */
    public Configuration configuration() {
        return new Configuration().addAll(configuration);
    }

    public int port() {
        return configuration.get(RuntimeOptions.PORT);
    }

    public String bindAddress() {
        return configuration.get(RuntimeOptions.BIND_ADDRESS);
    }

    public Path dataDirectory() {
        return Path.of(configuration.get(RuntimeOptions.DATA_DIRECTORY)).toAbsolutePath().normalize();
    }

    /** Where jobs' checkpoints go, one sub-directory per job: checkpoint.directory, else the data directory's. */
    public Path checkpointDirectory() {
        return configuration.contains(CheckpointingOptions.DIRECTORY)
                ? Path.of(configuration.get(CheckpointingOptions.DIRECTORY)).toAbsolutePath().normalize()
                : dataDirectory().resolve("checkpoints");
    }

    /** The bearer token every request must carry, or "" when none is needed. */
    public String token() {
        return configuration.get(RuntimeOptions.TOKEN);
    }

    public long maxUploadBytes() {
        return configuration.get(RuntimeOptions.MAX_UPLOAD_BYTES);
    }

    public int workers() {
        return configuration.get(ExecutionOptions.WORKERS);
    }

    public ExecutionOptions.IdleStrategyKind idleStrategy() {
        return configuration.get(ExecutionOptions.IDLE_STRATEGY);
    }

    /** Settings for tests and embedding; the command line reads a file and flags instead. */
    public static final class Builder {
        private final Configuration configuration = new Configuration();

        public Builder port(int port) {
            configuration.set(RuntimeOptions.PORT, port);
            return this;
        }

        public Builder bindAddress(String address) {
            configuration.set(RuntimeOptions.BIND_ADDRESS, address);
            return this;
        }

        public Builder dataDirectory(Path directory) {
            configuration.set(RuntimeOptions.DATA_DIRECTORY, directory.toString());
            return this;
        }

        public Builder workers(int workers) {
            configuration.set(ExecutionOptions.WORKERS, workers);
            return this;
        }

        public Builder token(String token) {
            configuration.set(RuntimeOptions.TOKEN, token);
            return this;
        }

        public Builder maxUploadBytes(long bytes) {
            configuration.set(RuntimeOptions.MAX_UPLOAD_BYTES, bytes);
            return this;
        }

        /** Any other setting, by key, as in the configuration file. */
        public Builder set(String key, String value) {
            configuration.set(key, value);
            return this;
        }

        public RuntimeSettings build() {
            return new RuntimeSettings(configuration);
        }
    }
}
