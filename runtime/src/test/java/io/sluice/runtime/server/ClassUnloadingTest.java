package io.sluice.runtime.server;

import com.example.jobs.ServerTestJob;
import io.sluice.runtime.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.sluice.runtime.testing.Conditions.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submitting and cancelling the same job again and again does not keep its classes: once a job has
 * ended, its class loader can be collected, and metaspace stops growing.
 */
class ClassUnloadingTest {

    private static final int ROUNDS = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldUnloadTheClassesOfCancelledJobs() throws Exception {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        long metaspaceAfterWarmUp = 0;
        try (RuntimeServer server = RuntimeServer.start(RuntimeSettings.builder().port(0)
                .dataDirectory(dir.resolve("data")).workers(1).build())) {
            RestCalls rest = new RestCalls(server.address());
            String jarId = rest.upload(TestJars.write(dir.resolve("job.jar"), ServerTestJob.class, true))
                    .json().get("id").asText();
            for (int round = 0; round < ROUNDS; round++) {
                RestCalls.Response run = rest.post("/api/jars/" + jarId + "/run", "{\"arguments\": [\"100\"]}");
                assertThat(run.status()).as(run.body()).isEqualTo(202);
                String jobId = run.json().get("jobId").asText();
                RuntimeJob job = server.jobs().get(jobId);
                ClassLoader loader = job.jobClass().getClassLoader();
                assertThat(loader).as("the job's own loader").isNotSameAs(ServerTestJob.class.getClassLoader());
                loaders.add(new WeakReference<>(loader));
                loader = null;
                assertThat(rest.post("/api/jobs/" + jobId + "/cancel", "").status()).isEqualTo(202);
                await("job " + jobId + " ended and was archived", TIMEOUT, job::isEnded);
                await("job " + jobId + " let go of its classes", TIMEOUT, () -> job.jobClass() == null);
                if (round == 9) {
                    metaspaceAfterWarmUp = metaspaceAfterGc();
                }
            }
            await("every cancelled job's class loader is collected", TIMEOUT, () -> {
                System.gc();
                return loaders.stream().allMatch(ref -> ref.get() == null);
            });
            long metaspaceAtEnd = metaspaceAfterGc();
            assertThat(metaspaceAtEnd - metaspaceAfterWarmUp)
                    .as("metaspace growth over 40 more submissions (bytes): %d -> %d", metaspaceAfterWarmUp,
                            metaspaceAtEnd)
                    .isLessThan(4L << 20);
        }
    }

    private static long metaspaceAfterGc() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                return pool.getUsage().getUsed();
            }
        }
        throw new AssertionError("no Metaspace memory pool in this JVM");
    }
}
