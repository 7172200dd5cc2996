package io.sluice.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI's side of the runtime's REST API: one request per call, JSON back. A refusal by the
 * runtime comes out as a {@link CliException} carrying the runtime's own one-line message; a
 * runtime that cannot be reached, as one saying where the CLI looked and how to point it elsewhere.
 */
final class RuntimeClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RuntimeClient(String address, String token) {
        String a = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        try {
            this.base = URI.create(a);
        } catch (IllegalArgumentException e) {
            throw new CliException(FailureCodes.USAGE, "runtime address '" + address + "' is not a URL (expected"
                    + " http://host:port)");
        }
        if (base.getScheme() == null || base.getHost() == null) {
            throw new CliException(FailureCodes.USAGE, "runtime address '" + address + "' is not a URL (expected"
                    + " http://host:port)");
        }
        this.token = token == null || token.isBlank() ? null : token;
    }

    String address() {
        return base.toString();
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, Object body) {
        try {
            String json = body == null ? "" : MAPPER.writeValueAsString(body);
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode upload(Path jar) {
        try {
            String name = java.net.URLEncoder.encode(jar.getFileName().toString(), java.nio.charset.StandardCharsets.UTF_8);
            return send(request("/api/jars?name=" + name).header("Content-Type", "application/java-archive")
                    .POST(HttpRequest.BodyPublishers.ofFile(jar)).build());
        } catch (java.io.FileNotFoundException e) {
            throw new CliException(FailureCodes.USAGE, "job jar " + jar + " does not exist");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(FailureCodes.FAILED, "cannot reach the runtime at " + base + " (connection"
                    + " refused); start one with 'bin/sluice runtime', or point --runtime or SLUICE_RUNTIME at it");
        } catch (HttpTimeoutException e) {
            throw new CliException(FailureCodes.FAILED, "the runtime at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new CliException(FailureCodes.FAILED, "cannot talk to the runtime at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(FailureCodes.FAILED, "interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            String message = body != null && body.hasNonNull("error") ? body.get("error").asText()
                    : "HTTP " + response.statusCode();
            throw new CliException(FailureCodes.FAILED, message);
        }
        return body;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new CliException(FailureCodes.FAILED, base + " answered something that is not JSON; is it a Sluice"
                    + " runtime?");
        }
    }

    static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return node.toString();
        }
    }
}
