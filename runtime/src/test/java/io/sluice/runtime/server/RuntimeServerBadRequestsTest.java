package io.sluice.runtime.server;

import com.example.jobs.ServerTestJob;
import io.sluice.runtime.testing.TestJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request the runtime must refuse, refused with the right 4xx and a one-line JSON message;
 * and the runtime still serving after a thousand of them in a row. The runtime here needs a token
 * and takes jars of at most 100 kB.
 */
class RuntimeServerBadRequestsTest {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dir;

    private static RuntimeServer server;
    private static RestCalls rest;
    private static String jarId;

    @BeforeAll
    static void start() throws Exception {
        server = RuntimeServer.start(RuntimeSettings.builder().port(0).dataDirectory(dir.resolve("data")).workers(1)
                .token(TOKEN).maxUploadBytes(100_000).build());
        rest = new RestCalls(server.address()).token(TOKEN);
        RestCalls.Response r = rest.upload(TestJars.write(dir.resolve("job.jar"), ServerTestJob.class, true));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        jarId = r.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Asserts a refusal: the status, JSON, one line containing {@code message}. */
    private static void refused(RestCalls.Response r, int status, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        String error = r.json().get("error").asText();
        assertThat(error).contains(message).doesNotContain("\n").doesNotContain("\tat ");
    }

    @Test
    void shouldRequireTheToken() throws Exception {
        RestCalls anonymous = new RestCalls(server.address());
        refused(anonymous.get("/api/jobs"), 401, "this runtime needs a token");
        refused(anonymous.get("/metrics"), 401, "needs a token");
        refused(new RestCalls(server.address()).token("wrong").get("/api/jobs"), 401, "the token is wrong");
        refused(anonymous.upload(dir.resolve("job.jar")), 401, "needs a token");
        assertThat(rest.get("/api/jobs").status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseUploadsThatAreNotJobJars() throws Exception {
        refused(rest.postBytes("/api/jars?name=notes.jar", "just text".getBytes(StandardCharsets.UTF_8),
                "application/java-archive"), 400, "notes.jar is not a job jar: cannot read notes.jar as a jar (it is not"
                + " a zip archive)");
        refused(rest.postBytes("/api/jars", new byte[0], "application/java-archive"), 400, "the upload is empty");
        byte[] broken = {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        refused(rest.postBytes("/api/jars?name=broken.jar", broken, "application/octet-stream"), 400,
                "broken.jar is not a job jar: cannot read broken.jar as a jar");
        byte[] big = new byte[200_000];
        new Random(1).nextBytes(big);
        refused(rest.postBytes("/api/jars?name=big.jar", big, "application/java-archive"), 413, "100000 bytes");
        refused(rest.postBytes("/api/jars", big, "multipart/form-data; boundary=xyz"), 413, "100000 bytes");
        refused(rest.postBytes("/api/jars", "--xyz\r\nbroken".getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=xyz"), 400, "the multipart upload cannot be read");
        assertThat(rest.get("/api/jars").json()).as("nothing of them was kept").hasSize(1);
        try (var files = Files.list(dir.resolve("data").resolve("jars"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void shouldRefuseToRunAJarThatNamesNoJobWithoutAClass() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("no job here".getBytes(StandardCharsets.UTF_8));
        }
        RestCalls.Response upload = rest.postBytes("/api/jars?name=plain.jar", zip.toByteArray(),
                "application/java-archive");
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        assertThat(upload.json().get("jobClass").isNull()).isTrue();
        String plain = upload.json().get("id").asText();
        refused(rest.post("/api/jars/" + plain + "/run", ""), 400, "plain.jar names no job class: pass \"jobClass\"");
        refused(rest.post("/api/jars/" + plain + "/run", "{\"jobClass\": \"com.example.Missing\"}"), 400,
                "has no class com.example.Missing; check the job class name");
        assertThat(rest.delete("/api/jars/" + plain).status()).isEqualTo(204);
    }

    @Test
    void shouldRefuseBadRunRequests() throws Exception {
        String run = "/api/jars/" + jarId + "/run";
        int jobsBefore = rest.get("/api/jobs").json().size();
        refused(rest.post(run, "{not json"), 400, "malformed JSON in the request body");
        assertThat(rest.post(run, "{not json").json().get("error").asText()).doesNotContain("Source");
        refused(rest.post(run, "{\"parallelism\": \"many\"}"), 400, "malformed JSON in the request body");
        refused(rest.post(run, "{\"paralelism\": 2}"), 400, "unknown field 'paralelism'");
        refused(rest.post(run, "{\"parallelism\": 0}"), 400, "parallelism must be at least 1, got 0");
        refused(rest.post(run, "{\"configuration\": {\"checkpoint.intervall\": \"1s\"}}"), 400,
                "unknown configuration key 'checkpoint.intervall'; did you mean 'checkpoint.interval'?");
        refused(rest.post(run, "{\"configuration\": {\"checkpoint.interval\": \"often\"}}"), 400,
                "setting checkpoint.interval=often");
        refused(rest.post(run, "{\"savepoint\": \"relative/dir\"}"), 400, "is not an absolute path");
        refused(rest.post(run, "{\"savepoint\": \"" + dir.resolve("nothing-here") + "\"}"), 400,
                "cannot resume from " + dir.resolve("nothing-here") + ": it does not exist");
        refused(rest.post("/api/jars/0123456789abcdef/run", ""), 404, "no jar 0123456789abcdef in this runtime");
        refused(rest.post("/api/jars/..%2F..%2Fetc%2Fpasswd/run", ""), 400, "is not a jar id");
        refused(rest.delete("/api/jars/nope"), 400, "is not a jar id");
        assertThat(rest.get("/api/jobs").json()).as("no job was started").hasSize(jobsBefore);
    }

    @Test
    void shouldRefuseBadJobRequests() throws Exception {
        refused(rest.get("/api/jobs/../../etc"), 404, "no such endpoint");
        refused(rest.get("/api/jobs/xyz"), 400, "'xyz' is not a job id");
        refused(rest.get("/api/jobs/0123456789abcdef"), 404, "no job 0123456789abcdef in this runtime");
        refused(rest.get("/api/jobs/0123456789abcdef/graph"), 404, "no job");
        refused(rest.post("/api/jobs/0123456789abcdef/cancel", ""), 404, "no job");
        refused(rest.post("/api/jobs/0123456789abcdef/savepoints", "{\"directory\": 5}"), 400,
                "\"directory\" must be a string");
        refused(rest.post("/api/jobs/0123456789abcdef/savepoints", "{\"dir\": \"/tmp/x\"}"), 400, "unknown field 'dir'");
        refused(rest.get("/api/jobs/0123456789abcdef/savepoints/abc"), 404, "no job");
        refused(rest.get("/api/nothing"), 404, "no such endpoint: GET /api/nothing");
        refused(rest.method("PUT", "/api/jobs"), 404, "no such endpoint");
        refused(rest.get("/dashboard/..%2F..%2Fpom.xml"), 404, "no dashboard file");
        refused(new RestCalls(server.address()).get("/dashboard/%00"), 400, "the request was refused (400 Bad Request)");
    }

    @Test
    void shouldRefuseSavepointsOfAJobThatDoesNotRun() throws Exception {
        String jobId = rest.post("/api/jars/" + jarId + "/run", "").json().get("jobId").asText();
        refused(rest.post("/api/jobs/" + jobId + "/savepoints", "{\"directory\": \"relative\"}"), 400,
                "is not an absolute path");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        refused(rest.post("/api/jobs/" + jobId + "/savepoints", "{\"directory\": \"" + file + "\"}"), 400,
                "is a file; choose a new directory");
        refused(rest.get("/api/jobs/" + jobId + "/savepoints/0000"), 404, "no savepoint request 0000");
        assertThat(rest.post("/api/jobs/" + jobId + "/cancel", "").status()).isEqualTo(202);
        io.sluice.runtime.testing.Conditions.await("cancelled", java.time.Duration.ofSeconds(30),
                () -> rest.get("/api/jobs/" + jobId).json().get("state").asText().equals("CANCELED"));
        refused(rest.post("/api/jobs/" + jobId + "/savepoints", ""), 409, "is not running (CANCELED)");
    }

    @Test
    void shouldStillServeAfterAThousandMalformedRequestsInARow() throws Exception {
        List<Callable<RestCalls.Response>> bad = List.of(
                () -> rest.post("/api/jars/" + jarId + "/run", "{\"arguments\": 7"),
                () -> rest.get("/api/jobs/zz"),
                () -> rest.postBytes("/api/jars", "<html>".getBytes(StandardCharsets.UTF_8), "text/html"),
                () -> new RestCalls(server.address()).get("/api/overview"),
                () -> rest.get("/api/jobs/0123456789abcdef/checkpoints"),
                () -> rest.post("/api/jobs/0123456789abcdef/stop", "[]"),
                // Jetty closes the connection after a request it cannot parse: a client of its own
                () -> new RestCalls(server.address()).token(TOKEN).get("/dashboard/%00"));
        for (int i = 0; i < 1000; i++) {
            RestCalls.Response r = bad.get(i % bad.size()).call();
            assertThat(r.status()).as("request %d: %s", i, r.body()).isBetween(400, 499);
        }
        assertThat(rest.get("/api/overview").status()).isEqualTo(200);
        RestCalls.Response run = rest.post("/api/jars/" + jarId + "/run", "{\"name\": \"after the storm\"}");
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        rest.post("/api/jobs/" + run.json().get("jobId").asText() + "/cancel", "");
    }
}
