package io.sluice.benchmarks.harness.sluice;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.RunClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness's Sluice source: its snapshot is its position, and a reader restored from it emits exactly the rest. */
class GeneratorSourceTest {

    private static final long TOTAL = 1_000;
    private static final long KEYS = 7;

    @Test
    void aReaderRestoredFromASnapshotEmitsExactlyTheRest() throws Exception {
        RunClock.reset();
        GeneratorSource source = GeneratorSource.unlimited(TOTAL, KEYS);
        int subtask = 1;
        int parallelism = 3;
        long share = Generator.share(TOTAL, subtask, parallelism);
        SourceReader<BenchEvent, GeneratorSource.Split> reader = source.createReader(null);
        reader.addSplits(List.of(source.createSplits(parallelism).get(subtask)));
        Collecting out = new Collecting();
        for (int i = 0; i < 100; i++) {
            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.MORE_AVAILABLE);
        }
        List<GeneratorSource.Split> snapshot = roundTrip(source.splitSerializer(), reader.snapshotState(1));
        assertThat(snapshot).hasSize(1);
        assertThat(snapshot.get(0).emitted).isEqualTo(100);
        assertThat(snapshot.get(0).splitId()).isEqualTo("generator-" + subtask);

        // a restart drops what the old reader emitted after the checkpoint; the restored one emits it again
        reader.pollNext(out);
        out.events.subList(100, out.events.size()).clear();
        SourceReader<BenchEvent, GeneratorSource.Split> restored = source.createReader(null);
        restored.addSplits(snapshot);
        while (restored.pollNext(out) != InputStatus.END_OF_INPUT) {
            assertThat(out.events.size()).isLessThanOrEqualTo((int) share);
        }
        assertThat(out.events).hasSize((int) share);
        for (int j = 0; j < share; j++) {
            long i = Generator.index(j, subtask, parallelism);
            assertThat(out.events.get(j)).usingRecursiveComparison().isEqualTo(Generator.event(i, KEYS));
        }
        assertThat(restored.snapshotState(2).get(0).emitted).isEqualTo(share);
    }

    @Test
    void aFixedRateReaderSnapshotsWhatItEmittedOnSchedule() throws Exception {
        RunClock.reset();
        GeneratorSource source = GeneratorSource.fixedRate(TOTAL, KEYS, 1_000_000_000L); // 1 ns apart: all due
        SourceReader<BenchEvent, GeneratorSource.Split> reader = source.createReader(null);
        reader.addSplits(source.createSplits(1));
        Collecting out = new Collecting();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.events.size() < 10) {
            assertThat(System.nanoTime()).as("10 events due within 10 ns not emitted in 5 s").isLessThan(deadline);
            assertThat(reader.pollNext(out)).isNotEqualTo(InputStatus.END_OF_INPUT);
        }
        assertThat(reader.snapshotState(1).get(0).emitted).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(out.events.get(i).timestamp).isEqualTo(Generator.intendedNanos(RunClock.startNanos(), i,
                    1_000_000_000L));
        }
    }

    @Test
    void aReaderTakesOneSplitAndSnapshotsNothingWithout() {
        GeneratorSource source = GeneratorSource.unlimited(TOTAL, KEYS);
        SourceReader<BenchEvent, GeneratorSource.Split> reader = source.createReader(null);
        assertThat(reader.snapshotState(1)).isEmpty();
        assertThatThrownBy(() -> reader.addSplits(source.createSplits(2)))
                .hasMessageContaining("one generator split per subtask");
    }

    private static List<GeneratorSource.Split> roundTrip(TypeSerializer<GeneratorSource.Split> serializer,
                                                         List<GeneratorSource.Split> splits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (GeneratorSource.Split s : splits) {
            serializer.serialize(s, out);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        List<GeneratorSource.Split> back = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            back.add(serializer.deserialize(in));
        }
        assertThat(in.available()).isZero();
        return back;
    }

    /** A reader output that keeps what it is given. */
    private static final class Collecting implements ReaderOutput<BenchEvent> {
        final List<BenchEvent> events = new ArrayList<>();

        @Override
        public void collect(BenchEvent e) {
            events.add(e);
        }

        @Override
        public void collect(BenchEvent e, long timestamp) {
            events.add(e);
        }

        @Override
        public SplitOutput<BenchEvent> forSplit(String splitId) {
            throw new UnsupportedOperationException("the generator emits through the reader output");
        }

        @Override
        public void releaseSplit(String splitId) {
        }
    }
}
