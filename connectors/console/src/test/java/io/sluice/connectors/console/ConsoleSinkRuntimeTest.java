package io.sluice.connectors.console;

import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink under the runtime found on the test classpath (through {@code execute}, no runtime imports). */
class ConsoleSinkRuntimeTest {

    private static final String NL = System.lineSeparator();

    @Test
    void shouldPrintEveryElementInOrderWithoutPrefixWhenNotParallel() throws Exception {
        String printed = runPrinting(1, List.of("one", "two", "three"));

        assertThat(printed).isEqualTo("one" + NL + "two" + NL + "three" + NL);
    }

    @Test
    void shouldPrintEveryElementOnceWithItsSubtaskWhenParallel() throws Exception {
        List<String> words = IntStream.range(0, 2000).mapToObj(i -> "w" + i).collect(Collectors.toList());

        String printed = runPrinting(2, words);

        List<String> lines = List.of(printed.split(NL));
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("[12]> w\\d+"));
        assertThat(lines).extracting(line -> line.substring(3)).containsExactlyInAnyOrderElementsOf(words);
    }

    private static String runPrinting(int sinkParallelism, List<String> elements) throws Exception {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromCollection(elements).rebalance()
                .sinkTo(ConsoleSink.stdout()).setParallelism(sinkParallelism);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, false, StandardCharsets.UTF_8));
        try {
            assertThat(env.executeAsync("console-it").await(Duration.ofSeconds(60)).status())
                    .isEqualTo(JobStatus.FINISHED);
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
