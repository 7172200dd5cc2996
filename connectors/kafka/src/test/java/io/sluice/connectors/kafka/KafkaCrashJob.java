package io.sluice.connectors.kafka;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The job {@link KafkaKillNineRecoveryTest} runs in a child JVM through {@code SluiceCli run}:
 * {@code KafkaCrashJob BOOTSTRAP INPUT OUTPUT CHECKPOINT_DIR}. Reads {@code <key>:<seq>} values from
 * the input topic (bounded: to the end offsets at the first start), keeps a count per key, and writes
 * {@code <key>:<seq>:<count>} exactly once to the output topic, with a checkpoint every 200 ms.
 * Paced (a pause every few records) so that a test can kill it mid-stream. Prints one line starting
 * with {@link #DONE} when the job ends.
 */
public final class KafkaCrashJob {

    static final String DONE = "kafka-crash-job done:";
    static final String SINK_PREFIX = "crash-job";

    private KafkaCrashJob() {
    }

    /** Counts the values of each key: the count is part of the output, so state and output must agree. */
    static final class CountPerKey extends KeyedProcessFunction<String, String, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;
        private transient long seen;

        @Override
        public void open(RuntimeContext context) {
            count = context.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(value + ":" + next);
            if (++seen % 20 == 0) {
                LockSupport.parkNanos(1_000_000); // pacing, so that a kill lands mid-stream
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(200))
                .set(CheckpointingOptions.DIRECTORY, args[3]);
        env.fromSource(KafkaSource.builder(bootstrap, RecordDeserializer.utf8()).topics(args[1]).bounded().build(),
                        WatermarkStrategy.noWatermarks(), "input").uid("input")
                .keyBy(v -> v.substring(0, v.indexOf(':')))
                .process(new CountPerKey()).uid("count")
                .sinkTo(KafkaSink.builder(bootstrap, args[2], RecordSerializer.utf8())
                        .exactlyOnce().transactionalIdPrefix(SINK_PREFIX).build()).uid("output");
        JobClient job = env.executeAsync("kafka-crash-test");
        JobResult result = job.await();
        System.out.println(DONE + " " + result.status() + ", restored from checkpoint "
                + job.checkpointMetrics().lastRestoredId());
    }
}
