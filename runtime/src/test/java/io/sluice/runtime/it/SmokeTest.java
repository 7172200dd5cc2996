package io.sluice.runtime.it;

import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

    @Test
    void shouldRunMapFilterKeyByReduce() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 1000)
                .map(x -> x * 3)
                .filter(x -> x % 2 == 0)
                .keyBy(x -> x % 10)
                .reduce(Long::sum)
                .sinkTo(sink);
        env.execute("smoke");
        Map<Long, Long> last = new TreeMap<>();
        for (long v : sink.values()) {
            // values are running sums; the max per key is the final sum
        }
        long expectedTotal = LongStream.rangeClosed(1, 1000).map(x -> x * 3).filter(x -> x % 2 == 0).sum();
        assertThat(sink.size()).isEqualTo(500);
        List<Long> values = sink.values();
        assertThat(values.stream().mapToLong(x -> x).max().getAsLong()).isLessThanOrEqualTo(expectedTotal);
    }
}
