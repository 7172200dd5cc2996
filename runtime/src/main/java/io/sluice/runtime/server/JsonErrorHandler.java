package io.sluice.runtime.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Errors Jetty answers itself, before a request reaches the API (an illegal path, a header it cannot
 * parse): JSON like every other refusal, never an HTML page or a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        String text = "the request was refused (" + code + " " + HttpStatus.getMessage(code) + ")"
                + (message == null || message.isBlank() ? "" : ": " + message);
        try {
            return MAPPER.writeValueAsBytes(Map.of("error", text));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"the request was refused\"}".getBytes(StandardCharsets.UTF_8);
        }
    }
}
