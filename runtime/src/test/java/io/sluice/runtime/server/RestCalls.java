package io.sluice.runtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Plain HTTP calls to a runtime in tests: status and JSON body, nothing interpreted. */
final class RestCalls {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    RestCalls(String base) {
        this.base = base;
    }

    RestCalls token(String t) {
        this.token = t;
        return this;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Response post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response postBytes(String path, byte[] body, String contentType) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Response upload(Path jar) throws IOException, InterruptedException {
        return send(request("/api/jars?name=" + jar.getFileName()).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar)));
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    Response method(String method, String path) throws IOException, InterruptedException {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }
}
