package io.sluice.runtime.server;

import com.example.jobs.DefineThrowsJob;
import com.example.jobs.ServerMainJob;
import com.example.jobs.ServerTestJob;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.runtime.testing.TestJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sluice.runtime.testing.Conditions.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runtime server through its REST API, in this JVM: jars, jobs side by side, savepoints, a restart. */
class RuntimeServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RuntimeServer server;
    private RestCalls rest;

    @BeforeEach
    void start() throws Exception {
        server = RuntimeServer.start(settings());
        rest = new RestCalls(server.address());
    }

    private RuntimeSettings settings() {
        return RuntimeSettings.builder().port(0).dataDirectory(dir.resolve("data")).workers(2)
                .set("checkpoint.interval", "200ms").build();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String uploadJar(Class<?> jobClass) throws Exception {
        Path jar = TestJars.write(dir.resolve(jobClass.getSimpleName() + ".jar"), jobClass, true);
        RestCalls.Response r = rest.upload(jar);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("jobClass").asText()).isEqualTo(jobClass.getName());
        return r.json().get("id").asText();
    }

    private String run(String jarId, String body) throws Exception {
        RestCalls.Response r = rest.post("/api/jars/" + jarId + "/run", body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("jobId").asText();
    }

    private String state(String jobId) throws Exception {
        return rest.get("/api/jobs/" + jobId).json().get("state").asText();
    }

    private long recordsOut(String jobId) throws Exception {
        JsonNode graph = rest.get("/api/jobs/" + jobId + "/graph").json();
        return graph.get("operators").get(0).get("recordsOut").asLong();
    }

    @Test
    void shouldRunAnUploadedJarAndShowItsStatusGraphAndCheckpoints() throws Exception {
        String jarId = uploadJar(ServerTestJob.class);
        assertThat(rest.get("/api/jars").json().findValuesAsText("id")).containsExactly(jarId);

        String jobId = run(jarId, "{\"parallelism\": 2, \"arguments\": [\"3000\"], \"name\": \"counting\"}");

        await("the job runs", TIMEOUT, () -> state(jobId).equals("RUNNING"));
        JsonNode list = rest.get("/api/jobs").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("counting");
        JsonNode job = rest.get("/api/jobs/" + jobId).json();
        assertThat(job.get("jobClass").asText()).isEqualTo(ServerTestJob.class.getName());
        assertThat(job.get("parallelism").asInt()).isEqualTo(2);
        assertThat(job.get("arguments").get(0).asText()).isEqualTo("3000");
        assertThat(job.get("lastFailure").isNull()).isTrue();

        JsonNode graph = rest.get("/api/jobs/" + jobId + "/graph").json();
        assertThat(graph.get("chains")).hasSize(2);
        assertThat(graph.get("chains").get(0).get("name").asText()).isEqualTo("counter -> plus one");
        assertThat(graph.get("chains").get(0).get("parallelism").asInt()).isEqualTo(2);
        assertThat(graph.get("edges")).hasSize(1);
        assertThat(graph.get("edges").get(0).get("partitioning").asText()).isEqualTo("HASH");
        assertThat(graph.get("operators").findValuesAsText("name")).contains("counter", "plus one", "double");

        long first = recordsOut(jobId);
        await("records flow", TIMEOUT, () -> recordsOut(jobId) > first + 1000);
        await("a rate is shown", TIMEOUT, () -> rest.get("/api/jobs/" + jobId + "/graph").json().get("operators")
                .get(0).get("recordsOutPerSecond").asDouble() > 0);
        await("checkpoints complete", TIMEOUT, () -> rest.get("/api/jobs/" + jobId + "/checkpoints").json()
                .get("counts").get("completed").asLong() >= 2);
        JsonNode checkpoints = rest.get("/api/jobs/" + jobId + "/checkpoints").json();
        JsonNode latest = checkpoints.get("latest");
        assertThat(latest.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(Path.of(latest.get("path").asText())).startsWith(dir.resolve("data").resolve("checkpoints")
                .resolve(jobId));
        assertThat(checkpoints.get("history").size()).isGreaterThanOrEqualTo(2);

        RestCalls.Response metrics = rest.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("sluice_operator_records_out_total{").contains("job_id=\"" + jobId + "\"");

        RestCalls.Response cancel = rest.post("/api/jobs/" + jobId + "/cancel", "");
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        await("the job is cancelled", TIMEOUT, () -> state(jobId).equals("CANCELED"));
        assertThat(rest.post("/api/jobs/" + jobId + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void shouldRunJobsSideBySideAndKeepOneRunningWhenAnotherIsCancelled() throws Exception {
        String jarId = uploadJar(ServerTestJob.class);
        String first = run(jarId, "{\"name\": \"first\"}");
        String second = run(jarId, "{\"name\": \"second\"}");
        await("both run", TIMEOUT, () -> state(first).equals("RUNNING") && state(second).equals("RUNNING"));

        rest.post("/api/jobs/" + first + "/cancel", "");
        await("the first is cancelled", TIMEOUT, () -> state(first).equals("CANCELED"));

        long now = recordsOut(second);
        await("the second goes on", TIMEOUT, () -> recordsOut(second) > now + 500);
        assertThat(state(second)).isEqualTo("RUNNING");
        assertThat(rest.get("/api/overview").json().get("jobs").get("running").asLong()).isEqualTo(1);
    }

    @Test
    void shouldRunAJobDefinedByAMainMethodWithoutWaitingForIt() throws Exception {
        String jarId = uploadJar(ServerMainJob.class);
        String jobId = run(jarId, "");
        await("it runs", TIMEOUT, () -> state(jobId).equals("RUNNING"));
        assertThat(rest.get("/api/jobs/" + jobId).json().get("name").asText()).isEqualTo("main-job");
    }

    @Test
    void shouldRefuseAJobWhoseCodeThrowsWhileDefiningItAndKeepServing() throws Exception {
        String jarId = uploadJar(DefineThrowsJob.class);
        RestCalls.Response r = rest.post("/api/jars/" + jarId + "/run", "");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText())
                .isEqualTo("job " + DefineThrowsJob.class.getName() + " failed while defining its dataflow:"
                        + " IllegalStateException: no rules configured (at " + DefineThrowsJob.class.getName()
                        + ".define(DefineThrowsJob.java:11))");
        assertThat(rest.get("/api/jobs").json()).as("a refused job is not kept").isEmpty();
        assertThat(Files.list(dir.resolve("data").resolve("jobs")).toList()).as("nor recorded").isEmpty();
        assertThat(rest.get("/api/overview").status()).isEqualTo(200);
    }

    @Test
    void shouldTakeASavepointAndStopWithOneThenStartFromItAtAnotherParallelism() throws Exception {
        String jarId = uploadJar(ServerTestJob.class);
        String jobId = run(jarId, "{\"parallelism\": 1}");
        await("it runs", TIMEOUT, () -> state(jobId).equals("RUNNING"));

        Path savepoint = dir.resolve("savepoint-1");
        String request = rest.post("/api/jobs/" + jobId + "/savepoints", "{\"directory\": \"" + savepoint + "\"}")
                .json().get("requestId").asText();
        JsonNode done = awaitSavepoint(jobId, request);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(Path.of(done.get("path").asText())).isEqualTo(savepoint);
        assertThat(savepoint.resolve("_metadata")).exists();
        assertThat(state(jobId)).isEqualTo("RUNNING");

        Path stopped = dir.resolve("savepoint-2");
        String stop = rest.post("/api/jobs/" + jobId + "/stop", "{\"directory\": \"" + stopped + "\"}")
                .json().get("requestId").asText();
        assertThat(awaitSavepoint(jobId, stop).get("status").asText()).isEqualTo("COMPLETED");
        await("the job stopped", TIMEOUT, () -> state(jobId).equals("CANCELED"));

        String resumed = run(jarId, "{\"parallelism\": 2, \"savepoint\": \"" + stopped + "\"}");
        await("it runs again", TIMEOUT, () -> state(resumed).equals("RUNNING"));
        JsonNode checkpoints = rest.get("/api/jobs/" + resumed + "/checkpoints").json();
        assertThat(checkpoints.get("restoredFrom").isNull()).as(checkpoints.toString()).isFalse();
        assertThat(rest.get("/api/jobs/" + resumed + "/graph").json().get("chains").get(0).get("parallelism")
                .asInt()).isEqualTo(2);
    }

    private JsonNode awaitSavepoint(String jobId, String request) throws Exception {
        List<JsonNode> last = new ArrayList<>(List.of(RestCalls.JSON.nullNode()));
        await("savepoint " + request + " ends", TIMEOUT, () -> {
            JsonNode s = rest.get("/api/jobs/" + jobId + "/savepoints/" + request).json();
            last.set(0, s);
            return !s.get("status").asText().equals("IN_PROGRESS");
        });
        return last.get(0);
    }

    @Test
    void shouldResumeItsRunningJobsFromTheirLatestCheckpointWhenStartedAgain() throws Exception {
        String jarId = uploadJar(ServerTestJob.class);
        String running = run(jarId, "{\"name\": \"keeps running\"}");
        String cancelled = run(jarId, "{\"name\": \"cancelled\"}");
        await("checkpoints complete", TIMEOUT, () -> rest.get("/api/jobs/" + running + "/checkpoints").json()
                .get("counts").get("completed").asLong() >= 1);
        rest.post("/api/jobs/" + cancelled + "/cancel", "");
        await("cancelled", TIMEOUT, () -> state(cancelled).equals("CANCELED"));

        server.close();
        server = RuntimeServer.start(settings());
        rest = new RestCalls(server.address());

        await("the running job resumes", TIMEOUT, () -> state(running).equals("RUNNING"));
        JsonNode checkpoints = rest.get("/api/jobs/" + running + "/checkpoints").json();
        assertThat(checkpoints.get("restoredFrom").isNull()).as("resumed from a checkpoint: %s", checkpoints).isFalse();
        assertThat(state(cancelled)).as("a cancelled job stays cancelled").isEqualTo("CANCELED");
        assertThat(rest.get("/api/jobs/" + cancelled).json().get("name").asText()).isEqualTo("cancelled");
    }

    @Test
    void shouldShowAJobItCannotResumeAsFailedTryAgainAtTheNextStartAndForgetItWhenCancelled() throws Exception {
        String jarId = uploadJar(ServerTestJob.class);
        String broken = run(jarId, "{\"name\": \"broken\"}");
        String healthy = run(jarId, "{\"name\": \"healthy\"}");
        await("both run", TIMEOUT, () -> state(broken).equals("RUNNING") && state(healthy).equals("RUNNING"));
        server.close();
        Files.writeString(dir.resolve("data").resolve("jobs").resolve(broken).resolve("job.jar"), "damaged");

        server = RuntimeServer.start(settings());
        rest = new RestCalls(server.address());
        await("the healthy job resumes", TIMEOUT, () -> state(healthy).equals("RUNNING"));
        JsonNode job = rest.get("/api/jobs/" + broken).json();
        assertThat(job.get("state").asText()).isEqualTo("FAILED");
        assertThat(job.get("lastFailure").get("message").asText()).startsWith("cannot be resumed: cannot read ")
                .contains("as a jar (it is not a zip archive)");

        server.close();
        server = RuntimeServer.start(settings());
        rest = new RestCalls(server.address());
        assertThat(state(broken)).as("tried again, failed again").isEqualTo("FAILED");
        assertThat(rest.post("/api/jobs/" + broken + "/cancel", "").status()).isEqualTo(202);

        server.close();
        server = RuntimeServer.start(settings());
        rest = new RestCalls(server.address());
        assertThat(state(broken)).as("forgotten: not tried again").isEqualTo("CANCELED");
        assertThat(rest.get("/api/jobs/" + broken).json().get("lastFailure").isNull()).isTrue();
        await("the healthy job runs", TIMEOUT, () -> state(healthy).equals("RUNNING"));
    }

    @Test
    void shouldRefuseASecondRuntimeOnTheSameDataDirectory() {
        assertThatThrownBy(() -> RuntimeServer.start(settings()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is in use by another Sluice runtime");
    }
}
