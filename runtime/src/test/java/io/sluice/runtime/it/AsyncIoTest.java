package io.sluice.runtime.it;

import io.sluice.api.AsyncDataStream;
import io.sluice.api.DataStream;
import io.sluice.api.JobFailedException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.functions.AsyncRetryStrategies;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.RetryPredicates;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.SimulatedLookup;
import io.sluice.runtime.testing.SlowSink;
import io.sluice.runtime.testing.SubtaskCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Async I/O against a simulated service that answers from its own threads after random delays:
 * ordered results keep the input order exactly, unordered ones are the same multiset, and no result
 * crosses a watermark in either mode; the service never sees more requests of a subtask than the capacity, failed
 * requests are retried, exhausted retries and timeouts fail the job with a message naming the
 * operator, and a timeout handler can answer with a fallback.
 */
class AsyncIoTest {

    private static final long COUNT = 3_000;

    private static List<String> expected(long count) {
        List<String> out = new ArrayList<>();
        for (long v = 0; v < count; v++) {
            out.add("r" + v);
        }
        return out;
    }

    private static List<String> sorted(List<String> values) {
        List<String> s = new ArrayList<>(values);
        s.sort(null);
        return s;
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7, 32})
    void orderedWaitEmitsEveryResultInInputOrder(int capacity) throws Exception {
        SimulatedLookup service = new SimulatedLookup().delays(0, 1_500);
        CollectSink<String> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        AsyncDataStream.orderedWait(env.fromSequence(0, COUNT - 1), service, 10, TimeUnit.SECONDS, capacity)
                .name("lookup")
                .sinkTo(sink);
        env.execute("ordered-async");

        assertThat(sink.values()).isEqualTo(expected(COUNT));
        assertThat(service.maxOpenRequests()).as("requests open at the service at once")
                .isLessThanOrEqualTo(capacity);
        if (capacity > 1) {
            assertThat(service.maxOpenRequests()).as("requests overlap").isGreaterThan(1);
        }
    }

    @Test
    void orderedWaitKeepsTheOrderOfEachSubtaskAtParallelismTwo() throws Exception {
        SimulatedLookup service = new SimulatedLookup().delays(0, 1_500);
        SubtaskCollectSink<String> sink = new SubtaskCollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        AsyncDataStream.orderedWait(env.fromSequence(0, COUNT - 1), service, 10, TimeUnit.SECONDS, 10)
                .sinkTo(sink);
        env.execute("ordered-async-p2");

        assertThat(sorted(sink.all())).isEqualTo(sorted(expected(COUNT)));
        for (List<String> subtask : sink.bySubtask().values()) {
            List<Long> inputs = subtask.stream().map(s -> Long.parseLong(s.substring(1))).toList();
            List<Long> ascending = new ArrayList<>(inputs);
            ascending.sort(null);
            assertThat(inputs).as("one subtask's results, in the order of its input").isEqualTo(ascending);
        }
        assertThat(service.maxOpenRequests()).isBetween(2, 10);
    }

    /** Records every result whose timestamp is not above the watermark it arrives after. */
    static final class LatenessCheck extends ProcessFunction<String, String> {
        static final Map<String, AtomicLong> SEEN_WATERMARK = new ConcurrentHashMap<>();
        private final String id = java.util.UUID.randomUUID().toString();

        LatenessCheck() {
            SEEN_WATERMARK.put(id, new AtomicLong());
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
            long watermark = ctx.timerService().currentWatermark();
            if (watermark > Long.MIN_VALUE) {
                SEEN_WATERMARK.get(id).incrementAndGet();
            }
            out.collect(ctx.timestamp() > watermark ? value
                    : value + " with timestamp " + ctx.timestamp() + " came after watermark " + watermark);
        }

        long resultsAfterAWatermark() {
            return SEEN_WATERMARK.get(id).get();
        }
    }

    @ParameterizedTest(name = "ordered {0}, seed {1}")
    @CsvSource({"false, 1", "false, 2", "false, 3", "true, 4"})
    void resultsAreTheSameAndNeverCrossAWatermark(boolean ordered, long seed) throws Exception {
        // out of order by up to 20 ms of event time, never late at the source: a result that
        // crossed a watermark (which runs far ahead while a request is open) would arrive late
        long[] jitter = new Random(seed).longs(COUNT, 0, 20).toArray();
        SimulatedLookup service = new SimulatedLookup().delays(0, 3_000);
        LatenessCheck check = new LatenessCheck();
        CollectSink<String> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(1));
        DataStream<Long> input = env.fromSequence(0, COUNT - 1).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(20))
                        .withTimestampAssigner((v, ts) -> v + jitter[(int) (long) v]));
        (ordered ? AsyncDataStream.orderedWait(input, service, 10, TimeUnit.SECONDS, 16)
                : AsyncDataStream.unorderedWait(input, service, 10, TimeUnit.SECONDS, 16))
                .process(check)
                .sinkTo(sink);
        env.execute("unordered-async");

        assertThat(sorted(sink.values())).isEqualTo(sorted(expected(COUNT)));
        assertThat(check.resultsAfterAWatermark()).as("watermarks went through while requests were open")
                .isGreaterThan(COUNT / 2);
        assertThat(service.maxOpenRequests()).isBetween(2, 16);
    }

    @Test
    void inputsBeyondTheCapacityFromOneUpstreamCallWaitTheirTurn() throws Exception {
        // a chained flatMap hands the async operator 5 inputs per call, with only 3 slots
        SimulatedLookup service = new SimulatedLookup().delays(0, 1_000);
        CollectSink<String> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        DataStream<Long> fanned = env.fromSequence(0, 299).flatMap((Long v, Collector<Long> out) -> {
            for (long k = 0; k < 5; k++) {
                out.collect(v * 5 + k);
            }
        });
        AsyncDataStream.orderedWait(fanned, service, 10, TimeUnit.SECONDS, 3).sinkTo(sink);
        env.execute("fan-out-async");

        assertThat(sink.values()).isEqualTo(expected(1_500));
        assertThat(service.maxOpenRequests()).isBetween(2, 3);
    }

    @Test
    void resultsWaitForASlowSinkChainedBehindWithoutLoss() throws Exception {
        SimulatedLookup service = new SimulatedLookup().delays(0, 200);
        SlowSink sink = new SlowSink(4, 20_000);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        AsyncDataStream.orderedWait(env.fromSequence(0, 1_999), service, 10, TimeUnit.SECONDS, 16)
                .map(r -> Long.parseLong(r.substring(1)))
                .sinkTo(sink);
        env.execute("async-into-slow-sink");

        List<Long> inOrder = new ArrayList<>();
        for (long v = 0; v < 2_000; v++) {
            inOrder.add(v);
        }
        assertThat(sink.received()).isEqualTo(inOrder);
        assertThat(sink.maxQueued()).as("the sink's queue never overfilled").isLessThanOrEqualTo(4);
    }

    @Test
    void aKeyedStreamCanBeTheInput() throws Exception {
        SimulatedLookup service = new SimulatedLookup();
        CollectSink<String> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        AsyncDataStream.unorderedWait(env.fromSequence(0, 999).keyBy(v -> v % 7), service, 10, TimeUnit.SECONDS, 5)
                .sinkTo(sink);
        env.execute("keyed-async");

        assertThat(sorted(sink.values())).isEqualTo(sorted(expected(1_000)));
    }

    @Test
    void failedRequestsAreRetriedUntilTheySucceed() throws Exception {
        // every 3rd input fails twice; every 7th first answers empty, which is retried too
        SimulatedLookup service = new SimulatedLookup().failingFirst(2, 3).emptyFirst(7);
        CollectSink<String> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        AsyncDataStream.orderedWait(env.fromSequence(0, 999), service, 10, TimeUnit.SECONDS, 8,
                        AsyncRetryStrategies.<String>fixedDelay(3, Duration.ofMillis(1))
                                .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE))
                .sinkTo(sink);
        env.execute("retrying-async");

        assertThat(sorted(sink.values())).isEqualTo(sorted(expected(1_000)));
        assertThat(service.attempts(3)).isEqualTo(3);
        assertThat(service.attempts(7)).isEqualTo(2);
        assertThat(service.attempts(21)).isEqualTo(3); // failed twice, then succeeded (not retried for empty again)
        assertThat(service.attempts(1)).isEqualTo(1);
    }

    @Test
    void exponentialBackoffRetriesInUnorderedMode() throws Exception {
        SimulatedLookup service = new SimulatedLookup().failingFirst(3, 5);
        CollectSink<String> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        AsyncDataStream.unorderedWaitWithRetry(env.fromSequence(0, 499), service, 10, TimeUnit.SECONDS, 8,
                        AsyncRetryStrategies.exponentialBackoff(4, Duration.ofMillis(1), Duration.ofMillis(4), 2.0))
                .sinkTo(sink);
        env.execute("backoff-async");

        assertThat(sorted(sink.values())).isEqualTo(sorted(expected(500)));
        assertThat(service.attempts(5)).isEqualTo(4);
    }

    @Test
    void exhaustedRetriesFailTheJobNamingTheOperator() {
        SimulatedLookup service = new SimulatedLookup().alwaysFailing(42);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        AsyncDataStream.unorderedWait(env.fromSequence(0, 999), service, 10, TimeUnit.SECONDS, 8,
                        AsyncRetryStrategies.fixedDelay(3, Duration.ofMillis(1)))
                .name("lookup")
                .sinkTo(new CollectSink<>());

        assertThatThrownBy(() -> env.execute("exhausted-async"))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("operator 'lookup' (subtask ")
                .hasMessageContaining("the async request for input 42 failed after 3 attempts")
                .hasMessageContaining("java.io.IOException: service unavailable for 42 (attempt 3)")
                .hasMessageContaining("allow more attempts in the retry strategy");
        assertThat(service.attempts(42)).isEqualTo(3);
    }

    @Test
    void aTimeoutHandlerAnswersWithAFallbackForRequestsNeverAnswered() throws Exception {
        SimulatedLookup service = new SimulatedLookup().silentFor(10, 7).fallbackOnTimeout("fallback");
        CollectSink<String> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        AsyncDataStream.orderedWait(env.fromSequence(0, 299), service, 30, TimeUnit.MILLISECONDS, 20)
                .sinkTo(sink);
        env.execute("timeout-async");

        List<String> expected = new ArrayList<>();
        for (long v = 0; v < 300; v++) {
            expected.add(v % 10 == 7 ? "fallback" + v : "r" + v);
        }
        assertThat(sink.values()).isEqualTo(expected);
    }

    @Test
    void aTimeoutWithoutHandlerFailsTheJob() {
        SimulatedLookup service = new SimulatedLookup().silentFor(100, 50);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        AsyncDataStream.orderedWait(env.fromSequence(0, 99), service, 30, TimeUnit.MILLISECONDS, 4)
                .name("lookup")
                .sinkTo(new CollectSink<>());

        assertThatThrownBy(() -> env.execute("timeout-fails"))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("operator 'lookup' (subtask 1/1)")
                .hasMessageContaining("the async request for input 50 timed out after 30 ms")
                .hasMessageContaining("override AsyncFunction.timeout");
    }
}
