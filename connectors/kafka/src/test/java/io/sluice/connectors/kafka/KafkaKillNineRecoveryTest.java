package io.sluice.connectors.kafka;

import io.sluice.runtime.testing.ChildSluice;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka → keyed job → Kafka, exactly once through a real crash: {@link KafkaCrashJob} runs in a
 * child JVM, is killed with SIGKILL after two complete checkpoints and some committed output (so
 * that it leaves open and pre-committed transactions behind), and is resumed from its checkpoint.
 * A {@code read_committed} consumer must then see every input value exactly once with the count its
 * key had, and must not be held behind a transaction of the killed run.
 */
class KafkaKillNineRecoveryTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    private static final int KEYS = 40;
    private static final int COUNT = 20_000;
    private static final long DEADLINE_MS = 120_000;

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryRecordExactlyOnceAfterASigkillAndAResumeFromTheCheckpoint() throws Exception {
        BROKER.createTopic("crash-in", 4);
        BROKER.createTopic("crash-out", 3);
        for (int partition = 0; partition < 4; partition++) { // each key in one partition, in order
            int p = partition;
            BROKER.produce("crash-in", p, IntStream.range(0, COUNT).filter(seq -> seq % KEYS % 4 == p)
                    .mapToObj(seq -> "k" + seq % KEYS + ":" + seq).toList());
        }
        Path checkpoints = dir.resolve("checkpoints");
        String[] job = {KafkaCrashJob.class.getName(), BROKER.bootstrapServers(), "crash-in", "crash-out",
                checkpoints.toString()};
        try (ChildSluice children = new ChildSluice(dir.resolve("logs"))) {
            Process first = children.start("first", job);
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (ChildSluice.newestCompleteCheckpoint(checkpoints) < 2 || BROKER.readAllCommitted("crash-out").isEmpty()) {
                assertThat(first.isAlive()).as("the first run is still running; logs:\n%s", children.logs()).isTrue();
                assertThat(System.currentTimeMillis()).as("two checkpoints and committed output in time; logs:\n%s",
                        children.logs()).isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(20); // polling a condition with a deadline
            }
            assertThat(ChildSluice.kill(first)).as("killed by SIGKILL").isEqualTo(ChildSluice.SIGKILL_EXIT);
            int committedAtKill = BROKER.readAllCommitted("crash-out").size();
            assertThat(committedAtKill).as("killed mid-stream").isPositive().isLessThan(COUNT);
            assertThat(openTransactions()).as("the kill left transactions open").isNotEmpty();

            Process second = children.start("second", "--from-checkpoint", checkpoints.toString(), job[0], job[1],
                    job[2], job[3], job[4]);
            assertThat(second.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).as("the resumed run ends").isTrue();
            assertThat(second.exitValue()).as("exit value of the resumed run; logs:\n%s", children.logs()).isZero();
            assertThat(children.stdoutOf("second")).contains(KafkaCrashJob.DONE + " FINISHED");

            assertThat(openTransactions()).as("no transaction of the job is left open").isEmpty();
            List<String> expected = new ArrayList<>();
            for (int seq = 0; seq < COUNT; seq++) {
                expected.add("k" + seq % KEYS + ":" + seq + ":" + (seq / KEYS + 1));
            }
            assertThat(BROKER.readAllCommitted("crash-out")).as("every value once, with its key's count")
                    .hasSize(COUNT).containsExactlyInAnyOrderElementsOf(expected);
            System.out.printf("killed with %d of %d records committed; the resumed run committed the rest%n",
                    committedAtKill, COUNT);
        }
    }

    private static List<String> openTransactions() throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.listTransactions(new ListTransactionsOptions()
                            .filterStates(EnumSet.of(TransactionState.ONGOING, TransactionState.PREPARE_ABORT,
                                    TransactionState.PREPARE_COMMIT))
                            .filterOnTransactionalIdPattern(KafkaCrashJob.SINK_PREFIX + "-.*")).all().get()
                    .stream().map(l -> l.transactionalId()).toList();
        }
    }
}
