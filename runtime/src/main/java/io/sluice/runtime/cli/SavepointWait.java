package io.sluice.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.config.ConfigOption;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Asks for a savepoint (or a stop with one) and polls its request until it completes, fails or times out. */
final class SavepointWait {

    private SavepointWait() {
    }

    static int request(CliContext context, RuntimeClient runtime, String jobId, String endpoint, Path directory,
                       String timeoutText) throws InterruptedException {
        Duration timeout;
        try {
            timeout = ConfigOption.parseDuration(timeoutText);
        } catch (IllegalArgumentException e) {
            throw new CliException(FailureCodes.USAGE, "--timeout: " + e.getMessage());
        }
        Map<String, Object> body = new HashMap<>();
        if (directory != null) {
            body.put("directory", directory.toAbsolutePath().normalize().toString());
        }
        JsonNode started = runtime.post("/api/jobs/" + jobId + "/" + endpoint, body);
        String request = started.get("requestId").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = runtime.get("/api/jobs/" + jobId + "/savepoints/" + request);
            switch (status.get("status").asText()) {
                case "COMPLETED" -> {
                    context.out().println(status.get("path").asText());
                    return FailureCodes.OK;
                }
                case "FAILED" -> throw new CliException(FailureCodes.FAILED, "the savepoint failed: "
                        + status.get("failure").asText());
                default -> {
                    if (System.nanoTime() > deadline) {
                        throw new CliException(FailureCodes.FAILED, "the savepoint did not complete within " + timeoutText
                                + " (request " + request + "; it may still complete)");
                    }
                    Thread.sleep(200); // polling the runtime's answer, not waiting for a guess
                }
            }
        }
    }
}
