package io.sluice.runtime.it.join;

import io.sluice.api.JobClient;
import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.time.WatermarkGenerator;
import io.sluice.api.time.WatermarkOutput;
import io.sluice.api.time.WatermarkStrategy;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emits a script of {@link Ev}s in order from one split, so that every element meets a watermark
 * the test knows: a marker makes the source's watermark (see {@link #watermarks()}), and the gate
 * right after it holds the rest of the script back until the operator under test reports that
 * watermark in its metrics. With both inputs of that operator fed by this one source, an element
 * then arrives at exactly the watermark of the last marker before it, whatever the interleaving of
 * the operator's input channels.
 */
final class ScriptedSource implements Source<Ev, ScriptedSource.Position> {

    private static final Map<String, List<Ev>> SCRIPTS = new ConcurrentHashMap<>();
    private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();
    private static final long GATE_TIMEOUT_NS = 60_000_000_000L;

    private record Probe(JobClient job, String operator) {
    }

    private final String id = UUID.randomUUID().toString();

    ScriptedSource(List<Ev> script) {
        SCRIPTS.put(id, List.copyOf(script));
    }

    /** From now on, gates wait for {@code operator}'s watermark (the lowest of its subtasks') in {@code job}. */
    void watch(JobClient job, String operator) {
        PROBES.put(id, new Probe(job, operator));
    }

    /** Markers become the source's watermark; everything is stamped with its own ts. */
    static WatermarkStrategy<Ev> watermarks() {
        return WatermarkStrategy.<Ev>forGenerator(MarkerWatermarks::new).withTimestampAssigner((e, ts) -> e.ts());
    }

    static final class MarkerWatermarks implements WatermarkGenerator<Ev> {
        @Override
        public void onEvent(Ev event, long eventTimestamp, WatermarkOutput output) {
            if (event.kind() == Ev.MARKER) {
                output.emitWatermark(event.ts());
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    static long watermarkOf(JobClient job, String operator) {
        long min = Long.MAX_VALUE;
        boolean found = false;
        for (TaskMetrics t : job.metrics().tasks()) {
            for (OperatorMetrics o : t.operators()) {
                if (o.operator().equals(operator)) {
                    min = Math.min(min, o.currentWatermark());
                    found = true;
                }
            }
        }
        return found ? min : Long.MIN_VALUE;
    }

    /** The position in the script. */
    record Position(int next) implements SourceSplit {
        @Override
        public String splitId() {
            return "script";
        }
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Position> createSplits(int parallelism) {
        return List.of(new Position(0));
    }

    @Override
    public SourceReader<Ev, Position> createReader(SourceReaderContext context) {
        List<Ev> script = SCRIPTS.get(id);
        return new SourceReader<>() {
            private int next = -1;
            private long gatedSinceNs;

            @Override
            public void addSplits(List<Position> splits) {
                next = splits.get(0).next();
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Ev> output) {
                if (next < 0) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                if (next >= script.size()) {
                    return InputStatus.END_OF_INPUT;
                }
                Ev e = script.get(next);
                if (e.kind() == Ev.GATE) {
                    Probe probe = PROBES.get(id);
                    if (probe == null || watermarkOf(probe.job(), probe.operator()) < e.ts()) {
                        long now = System.nanoTime();
                        if (gatedSinceNs == 0) {
                            gatedSinceNs = now;
                        } else if (now - gatedSinceNs > GATE_TIMEOUT_NS) {
                            throw new IllegalStateException("the watermark never reached " + e.ts() + " at "
                                    + (probe == null ? "an unwatched operator" : "'" + probe.operator() + "'"));
                        }
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    gatedSinceNs = 0;
                    next++;
                    return InputStatus.MORE_AVAILABLE;
                }
                output.collect(e);
                next++;
                return InputStatus.MORE_AVAILABLE;
            }

            @Override
            public List<Position> snapshotState(long checkpointId) {
                return List.of(new Position(next));
            }
        };
    }

    @Override
    public TypeSerializer<Position> splitSerializer() {
        return new TypeSerializer<>() {
            @Override
            public void serialize(Position p, DataOutput out) throws java.io.IOException {
                out.writeInt(p.next());
            }

            @Override
            public Position deserialize(DataInput in) throws java.io.IOException {
                return new Position(in.readInt());
            }

            @Override
            public String typeName() {
                return "script position";
            }
        };
    }
}
