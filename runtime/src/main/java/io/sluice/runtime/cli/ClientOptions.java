package io.sluice.runtime.cli;

import io.sluice.api.config.Configuration;
import io.sluice.runtime.server.RuntimeOptions;
import io.sluice.runtime.server.RuntimeSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a client command finds the runtime: {@code --runtime URL}, else {@code SLUICE_RUNTIME}, else
 * the configuration file ({@code --conf FILE} or {@code SLUICE_CONF}: {@code runtime.address}, or
 * {@code runtime.bind-address} and {@code runtime.port}), else http://127.0.0.1:8081. The token
 * likewise: {@code --token}, {@code SLUICE_TOKEN}, {@code runtime.token}.
 */
final class ClientOptions {

    @Option(names = "--runtime", paramLabel = "URL",
            description = "The runtime's address (default: $SLUICE_RUNTIME, the config file, http://127.0.0.1:8081).")
    String runtime;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token, when the runtime was started with one (default: $SLUICE_TOKEN).")
    String token;

    @Option(names = "--conf", paramLabel = "FILE",
            description = "Configuration file to read the runtime's address and token from (default: $SLUICE_CONF).")
    Path conf;

    RuntimeClient client(CliContext context) {
        Configuration file = configuration(conf, context);
        String address = runtime;
        if (address == null) {
            address = context.env().get("SLUICE_RUNTIME");
        }
        if (address == null || address.isBlank()) {
            address = file.get(RuntimeOptions.ADDRESS);
        }
        if (address == null || address.isBlank()) {
            RuntimeSettings settings = RuntimeSettings.of(file);
            String host = settings.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress();
            address = "http://" + host + ":" + settings.port();
        }
        String t = token;
        if (t == null) {
            t = context.env().get("SLUICE_TOKEN");
        }
        if (t == null || t.isBlank()) {
            t = file.get(RuntimeOptions.TOKEN);
        }
        return new RuntimeClient(address, t);
    }

    /** The configuration file given by {@code --conf} or {@code SLUICE_CONF}, empty when none is. */
    static Configuration configuration(Path conf, CliContext context) {
        Path file = conf;
        if (file == null && context.env().get("SLUICE_CONF") != null && !context.env().get("SLUICE_CONF").isBlank()) {
            file = Path.of(context.env().get("SLUICE_CONF"));
        }
        RuntimeSettings.of(new Configuration()); // registers the runtime's options
        if (file == null) {
            return new Configuration();
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException(FailureCodes.USAGE, "config file " + file + " does not exist");
        }
        try {
            return Configuration.fromFile(file);
        } catch (IOException e) {
            throw new CliException(FailureCodes.USAGE, "cannot read config file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(FailureCodes.USAGE, e.getMessage());
        }
    }
}
