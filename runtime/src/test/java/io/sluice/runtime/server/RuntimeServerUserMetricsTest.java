package io.sluice.runtime.server;

import com.example.jobs.UserMetricsJob;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.runtime.testing.TestJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.sluice.runtime.testing.Conditions.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The metrics a job's functions register, in the runtime server's job graph: summed over subtasks. */
class RuntimeServerUserMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RuntimeServer server;
    private RestCalls rest;

    @BeforeEach
    void start() throws Exception {
        server = RuntimeServer.start(RuntimeSettings.builder().port(0).dataDirectory(dir.resolve("data")).workers(2)
                .build());
        rest = new RestCalls(server.address());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode operators(String jobId) throws Exception {
        return rest.get("/api/jobs/" + jobId + "/graph").json().get("operators");
    }

    @Test
    void shouldShowEachOperatorsUserMetricsSummedOverItsSubtasks() throws Exception {
        Path jar = TestJars.write(dir.resolve("user-metrics.jar"), UserMetricsJob.class, true);
        RestCalls.Response upload = rest.upload(jar);
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        long n = 12_345;
        RestCalls.Response run = rest.post("/api/jars/" + upload.json().get("id").asText() + "/run",
                "{\"parallelism\": 3, \"arguments\": [\"" + n + "\"]}");
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String jobId = run.json().get("jobId").asText();
        await("the job finishes", TIMEOUT, () -> rest.get("/api/jobs/" + jobId).json().get("state").asText()
                .equals("FINISHED"));

        // the state says FINISHED a moment before the graph has the final figures
        await("the graph shows the final figures", TIMEOUT, () -> operators(jobId).get(1).get("recordsIn").asLong() == n);

        JsonNode operators = operators(jobId);
        JsonNode measure = null;
        for (JsonNode op : operators) {
            if (op.get("name").asText().equals("measure")) {
                measure = op;
            } else {
                assertThat(op.get("userMetrics")).as("operator %s registered none", op.get("name")).isEmpty();
            }
        }
        assertThat(measure).isNotNull();
        JsonNode metrics = measure.get("userMetrics");
        assertThat(metrics.findValuesAsText("name")).containsExactly("records", "numbers.values", "events", "seen");
        JsonNode records = metrics.get(0);
        assertThat(records.get("type").asText()).isEqualTo("counter");
        assertThat(records.get("count").asLong()).isEqualTo(n);
        JsonNode values = metrics.get(1);
        assertThat(values.get("type").asText()).isEqualTo("histogram");
        assertThat(values.get("count").asLong()).isEqualTo(n);
        assertThat(values.get("min").asLong()).isEqualTo(1);
        assertThat(values.get("max").asLong()).isEqualTo(n);
        assertThat(values.get("mean").asDouble()).isEqualTo((n + 1) / 2.0);
        assertThat(values.get("p99").asLong()).isBetween(n * 98 / 100, n + n / 100);
        JsonNode events = metrics.get(2);
        assertThat(events.get("type").asText()).isEqualTo("meter");
        assertThat(events.get("count").asLong()).isEqualTo(n);
        assertThat(events.get("ratePerSecond").asDouble()).isPositive();
        JsonNode seen = metrics.get(3);
        assertThat(seen.get("type").asText()).isEqualTo("gauge");
        assertThat(seen.get("sum").asDouble()).isEqualTo(n);
        assertThat(seen.get("min").asDouble() + seen.get("max").asDouble()).isLessThanOrEqualTo(n);
    }
}
