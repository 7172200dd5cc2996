package io.sluice.runtime.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * The runtime's HTTP interface: the REST API under {@code /api} (documented in docs/rest-api.md),
 * {@code /metrics} for Prometheus, and the dashboard's static files. Every refusal is a 4xx with a
 * one-line JSON message; nothing a request names reaches the file system before it is checked
 * (ids have a fixed shape, file names of the dashboard a fixed list).
 */
final class RestApi {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final String DASHBOARD = "/io/sluice/runtime/server/dashboard/";
    private static final Pattern DASHBOARD_FILE = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg|png|ico)");
    private static final String JSON = "application/json";
    /** How much of a too large upload is read and dropped before the refusal, so the client hears it. */
    private static final long DRAINED_EXCESS = 16L << 20;
    /** Marks a response whose error was written here, so that the status handlers leave it alone. */
    private static final String REFUSED = "sluice.refused";

    private final RuntimeSettings settings;
    private final JarLibrary jars;
    private final RuntimeJobs jobs;
    private final MetricsEndpoint metrics;
    private final Instant startTime = Instant.now();
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Writes the Prometheus exposition for a scrape. */
    interface MetricsEndpoint {
        String contentType(String accept);

        void scrape(String accept, java.io.OutputStream out) throws IOException;
    }

    RestApi(RuntimeSettings settings, JarLibrary jars, RuntimeJobs jobs, MetricsEndpoint metrics) {
        this.settings = settings;
        this.jars = jars;
        this.jobs = jobs;
        this.metrics = metrics;
    }

    Javalin create() {
        return Javalin.create(this::configure);
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.host = settings.bindAddress();
        config.jetty.port = settings.port();
        config.http.maxRequestSize = settings.maxUploadBytes();
        config.jetty.multipartConfig.maxFileSize(settings.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(settings.maxUploadBytes() + 65536, SizeUnit.BYTES);
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        var routes = config.routes;
        routes.before(this::authorize);
        routes.get("/", ctx -> dashboardFile(ctx, "index.html"));
        routes.get("/dashboard/{file}", ctx -> dashboardFile(ctx, ctx.pathParam("file")));
        routes.get("/metrics", this::scrape);
        routes.get("/api/overview", ctx -> json(ctx, 200, overview()));
        routes.get("/api/jars", ctx -> json(ctx, 200, jars.all().stream().map(JobViews::jar).toList()));
        routes.post("/api/jars", this::upload);
        routes.delete("/api/jars/{jarId}", ctx -> {
            jars.delete(ctx.pathParam("jarId"));
            ctx.status(204);
        });
        routes.post("/api/jars/{jarId}/run", this::run);
        routes.get("/api/jobs", ctx -> json(ctx, 200, jobList()));
        routes.get("/api/jobs/{jobId}", ctx -> json(ctx, 200, JobViews.detail(job(ctx), System.currentTimeMillis())));
        routes.get("/api/jobs/{jobId}/graph", ctx -> json(ctx, 200, JobViews.graph(job(ctx),
                settings.configuration())));
        routes.get("/api/jobs/{jobId}/checkpoints", ctx -> json(ctx, 200, JobViews.checkpoints(job(ctx))));
        routes.post("/api/jobs/{jobId}/cancel", ctx -> {
            RuntimeJob job = jobs.cancel(ctx.pathParam("jobId"));
            json(ctx, 202, Map.of("jobId", job.id(), "state", job.status().name()));
        });
        routes.post("/api/jobs/{jobId}/savepoints", ctx -> savepoint(ctx, false));
        routes.post("/api/jobs/{jobId}/stop", ctx -> savepoint(ctx, true));
        routes.get("/api/jobs/{jobId}/savepoints/{requestId}", this::savepointStatus);
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 413) {
                ctx.header("Connection", "close"); // the rest of the body is not read: the connection cannot serve again
            }
            error(ctx, e.status(), e.getMessage());
        });
        routes.exception(JsonProcessingException.class, (e, ctx) -> error(ctx, 400, malformedJson(e)));
        routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> noSuchEndpoint(ctx);
            case 413 -> e.getMessage() + " (runtime.max-upload-bytes is " + settings.maxUploadBytes() + ")";
            default -> e.getMessage();
        }));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error (" + e + "); the runtime's log has the details");
        });
        routes.error(404, ctx -> {
            if (ctx.attribute(REFUSED) == null) { // Javalin's own "not found", not a refusal of ours
                error(ctx, 404, noSuchEndpoint(ctx));
            }
        });
        routes.error(405, ctx -> {
            if (ctx.attribute(REFUSED) == null) {
                error(ctx, 405, ctx.method() + " is not allowed on " + JarLibrary.abbreviate(ctx.path()));
            }
        });
    }

    private static String noSuchEndpoint(Context ctx) {
        return "no such endpoint: " + ctx.method() + " " + JarLibrary.abbreviate(ctx.path())
                + " (docs/rest-api.md lists them)";
    }

    /** With a token set, everything but the dashboard's static files needs {@code Authorization: Bearer}. */
    private void authorize(Context ctx) {
        String token = settings.token();
        if (token.isEmpty() || ctx.path().equals("/") || ctx.path().startsWith("/dashboard/")) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, header == null ? "this runtime needs a token: send 'Authorization: Bearer"
                    + " <token>' (the CLI: --token or SLUICE_TOKEN)" : "the token is wrong");
        }
    }

    private Map<String, Object> overview() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of("running", "finished", "failed", "canceled")) {
            counts.put(state, 0L);
        }
        for (RuntimeJob job : jobs.all()) {
            String state = job.status().name().toLowerCase(java.util.Locale.ROOT);
            if (state.equals("restarting") || state.equals("created") || state.equals("cancelling")) {
                state = "running";
            }
            counts.merge(state, 1L, Long::sum);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", RuntimeServer.version());
        m.put("startTime", startTime.toString());
        m.put("uptimeMs", System.currentTimeMillis() - startTime.toEpochMilli());
        m.put("workers", settings.workers());
        m.put("jobs", counts);
        return m;
    }

    private List<Map<String, Object>> jobList() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> all = new ArrayList<>();
        for (RuntimeJob job : jobs.all()) {
            all.add(JobViews.summary(job, now));
        }
        return all;
    }

    private RuntimeJob job(Context ctx) {
        return jobs.get(ctx.pathParam("jobId"));
    }

    private void upload(Context ctx) throws IOException {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        String name = ctx.queryParam("name");
        long declared = ctx.contentLength();
        if (declared > settings.maxUploadBytes() + 65536) {
            // read (and drop) a moderate excess, so that the client is not cut off while sending and
            // gets the answer; beyond it the connection is closed
            try (InputStream in = ctx.bodyInputStream()) {
                in.skipNBytes(Math.min(declared, settings.maxUploadBytes() + DRAINED_EXCESS));
            } catch (IOException ignored) {
                // the client stopped sending: it gets the answer or a closed connection
            }
            throw new ApiException(413, "the jar is larger than the runtime accepts (" + settings.maxUploadBytes()
                    + " bytes, runtime.max-upload-bytes)");
        }
        StoredJar jar;
        if (contentType.startsWith("multipart/form-data")) {
            UploadedFile file;
            List<UploadedFile> all;
            try {
                file = ctx.uploadedFile("jar");
                all = ctx.uploadedFiles();
            } catch (Exception e) { // Jetty's ServletException, thrown through Javalin unchecked
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                throw new ApiException(400, "the multipart upload cannot be read (" + root.getMessage() + "); send the jar"
                        + " in the form field 'jar', at most " + settings.maxUploadBytes() + " bytes");
            }
            if (file == null) {
                if (all.isEmpty()) {
                    throw new ApiException(400, "the form has no file: send the jar in the field 'jar'");
                }
                file = all.get(0);
            }
            try (InputStream in = file.content()) {
                jar = jars.upload(in, name != null ? name : file.filename());
            }
        } else {
            try (InputStream in = ctx.bodyInputStream()) {
                jar = jars.upload(in, name);
            }
        }
        json(ctx, 201, JobViews.jar(jar));
    }

    private void run(Context ctx) throws Exception {
        String body = ctx.body();
        SubmitRequest request;
        if (body.isBlank()) {
            request = SubmitRequest.empty();
        } else {
            request = mapper.readValue(body, SubmitRequest.class);
        }
        RuntimeJob job = jobs.submit(ctx.pathParam("jarId"), request);
        json(ctx, 202, Map.of("jobId", job.id()));
    }

    private void savepoint(Context ctx, boolean stop) throws IOException {
        String body = ctx.body();
        String directory = null;
        if (!body.isBlank()) {
            Map<?, ?> fields = mapper.readValue(body, Map.class);
            for (Object key : fields.keySet()) {
                if (!"directory".equals(key)) {
                    throw new ApiException(400, "unknown field '" + key + "' (the body is {\"directory\": \"/abs/dir\"}"
                            + " or empty)");
                }
            }
            Object dir = fields.get("directory");
            if (dir != null && !(dir instanceof String)) {
                throw new ApiException(400, "\"directory\" must be a string");
            }
            directory = (String) dir;
        }
        String requestId = jobs.savepoint(ctx.pathParam("jobId"), directory, stop);
        json(ctx, 202, Map.of("requestId", requestId));
    }

    private void savepointStatus(Context ctx) throws InterruptedException, JsonProcessingException {
        CompletableFuture<Path> request = jobs.savepointRequest(ctx.pathParam("jobId"), ctx.pathParam("requestId"));
        Map<String, Object> m = new LinkedHashMap<>();
        if (!request.isDone()) {
            m.put("status", "IN_PROGRESS");
            m.put("path", null);
            m.put("failure", null);
        } else {
            try {
                Path path = request.get();
                m.put("status", "COMPLETED");
                m.put("path", path.toString());
                m.put("failure", null);
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                while (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                m.put("status", "FAILED");
                m.put("path", null);
                m.put("failure", String.valueOf(cause.getMessage()));
            }
        }
        json(ctx, 200, m);
    }

    private void scrape(Context ctx) throws IOException {
        String accept = ctx.header("Accept");
        ctx.contentType(metrics.contentType(accept));
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(16 * 1024);
        metrics.scrape(accept, buffer);
        ctx.result(buffer.toByteArray());
    }

    private void dashboardFile(Context ctx, String file) throws IOException {
        if (!DASHBOARD_FILE.matcher(file).matches()) {
            throw new ApiException(404, "no dashboard file '" + JarLibrary.abbreviate(file) + "'");
        }
        try (InputStream in = RestApi.class.getResourceAsStream(DASHBOARD + file)) {
            if (in == null) {
                throw new ApiException(404, "no dashboard file '" + file + "'");
            }
            ctx.contentType(contentTypeOf(file));
            ctx.header("Cache-Control", "no-cache");
            ctx.result(in.readAllBytes());
        }
    }

    private static String contentTypeOf(String file) {
        String ext = file.substring(file.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            default -> "image/x-icon";
        };
    }

    private void json(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
    }

    private void error(Context ctx, int status, String message) {
        ctx.attribute(REFUSED, Boolean.TRUE);
        try {
            ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(Map.of("error", message)));
        } catch (JsonProcessingException e) {
            ctx.status(status).result("{\"error\":\"unprintable message\"}");
        }
    }

    private static String malformedJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "' in the request body (known: " + u.getKnownPropertyIds()
                    + ")";
        }
        String message = e.getOriginalMessage();
        String line = message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
        int source = line.indexOf(" at [Source:");
        if (source < 0) {
            source = line.indexOf("[Source:");
        }
        return "malformed JSON in the request body: " + (source >= 0 ? line.substring(0, source).strip() : line);
    }
}
