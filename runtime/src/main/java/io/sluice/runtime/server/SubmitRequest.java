package io.sluice.runtime.server;

import java.util.List;
import java.util.Map;

/**
 * What a client asks the runtime to run: an uploaded jar, and optionally its job class, parallelism,
 * arguments, name, a savepoint to start from and further settings. The body of
 * {@code POST /api/jars/{id}/run}.
 */
record SubmitRequest(String jobClass, Integer parallelism, List<String> arguments, String name, String savepoint,
                     Boolean allowNonRestoredState, Map<String, String> configuration) {

    SubmitRequest {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        configuration = configuration == null ? Map.of() : Map.copyOf(configuration);
    }

    static SubmitRequest empty() {
        return new SubmitRequest(null, null, null, null, null, null, null);
    }
}
