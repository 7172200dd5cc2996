package io.sluice.examples.testing;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.api.graph.SourceTransformation;
import io.sluice.api.graph.Transformation;
import io.sluice.api.internal.UserObjects;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the runtime in example tests: runs a linear job (one source, one-input operators,
 * one sink) on the test thread with parallelism 1 and a manual clock. Each step polls the source
 * once; when it has nothing, the clock moves 1 ms and due processing-time timers fire. At the end
 * of input the watermark jumps to {@code Long.MAX_VALUE} (firing event-time timers), then the sink
 * is flushed and closed. Watermarks before the end are not modelled. User objects are copied as the
 * runtime copies them, so what is not serializable fails here too.
 */
public final class LinearJobRunner {

    private static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private long nowMs;

    public LinearJobRunner(long startMs) {
        this.nowMs = startMs;
    }

    public long nowMs() {
        return nowMs;
    }

    /** Runs the job of {@code env} to its end; fails if that takes more than {@code maxSteps} polls. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void run(StreamEnvironment env, int maxSteps) throws Exception {
        List<Transformation<?>> all = env.transformations();
        SourceTransformation<Object> sourceT = null;
        for (Transformation<?> t : all) {
            if (t instanceof SourceTransformation<?> s) {
                if (sourceT != null) {
                    throw new IllegalArgumentException("LinearJobRunner runs jobs with one source only");
                }
                sourceT = (SourceTransformation<Object>) s;
            }
        }
        if (sourceT == null) {
            throw new IllegalArgumentException("the job has no source");
        }
        List<Stage> stages = new ArrayList<>();
        Transformation<?> at = sourceT;
        while ((at = consumerOf(all, at)) != null) {
            if (at instanceof PartitionTransformation<?>) {
                continue;
            }
            stages.add(stageOf((OneInputTransformation<?, ?>) at, stages.size()));
        }
        for (int i = 0; i < stages.size() - 1; i++) {
            stages.get(i).next = stages.get(i + 1);
        }
        Stage first = stages.get(0);

        Source<Object, SourceSplit> source = (Source) UserObjects.copy(sourceT.source(), sourceT.name(),
                getClass().getClassLoader());
        SourceReader<Object, SourceSplit> reader = source.createReader(readerContext());
        reader.addSplits(source.createSplits(1));
        ReaderOutput<Object> output = readerOutput(first);
        int steps = 0;
        while (true) {
            if (++steps > maxSteps) {
                throw new AssertionError("the job did not end within " + maxSteps + " steps");
            }
            InputStatus status = reader.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                break;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                nowMs++;
                for (Stage stage : stages) {
                    stage.onProcessingTime(nowMs);
                }
            }
        }
        reader.close();
        for (Stage stage : stages) {
            stage.endOfInput();
        }
    }

    private static Transformation<?> consumerOf(List<Transformation<?>> all, Transformation<?> t) {
        Transformation<?> consumer = null;
        for (Transformation<?> c : all) {
            if (c.inputs().contains(t)) {
                if (consumer != null) {
                    throw new IllegalArgumentException("LinearJobRunner runs linear jobs only, but '" + t.name()
                            + "' feeds several operators");
                }
                consumer = c;
            }
        }
        return consumer;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Stage stageOf(OneInputTransformation<?, ?> t, int index) throws Exception {
        OperatorSpec spec = (OperatorSpec) UserObjects.copy(t.spec(), t.name(), getClass().getClassLoader());
        if (!spec.isKeyed()) {
            for (Object userObject : spec.userObjects()) {
                if (userObject instanceof Function f) {
                    f.open(statelessContext(t.name()));
                }
            }
        }
        if (spec instanceof OperatorSpec.Map m) {
            return new Stage() {
                void process(Object value, long ts) throws Exception {
                    next.process(m.function().map(value), ts);
                }
            };
        }
        if (spec instanceof OperatorSpec.Filter f) {
            return new Stage() {
                void process(Object value, long ts) throws Exception {
                    if (f.function().filter(value)) {
                        next.process(value, ts);
                    }
                }
            };
        }
        if (spec instanceof OperatorSpec.FlatMap fm) {
            return new Stage() {
                void process(Object value, long ts) throws Exception {
                    fm.function().flatMap(value, forward(ts));
                }
            };
        }
        if (spec instanceof OperatorSpec.KeyedProcess kp) {
            return new KeyedStage(kp.keySelector(), kp);
        }
        if (spec instanceof OperatorSpec.SinkOp s) {
            SinkWriter<Object> writer = s.sink().createWriter(sinkContext(t.name()));
            return new Stage() {
                void process(Object value, long ts) throws Exception {
                    writer.write(value, ts);
                }

                void endOfInput() throws Exception {
                    writer.flush(true);
                    writer.close();
                }
            };
        }
        throw new IllegalArgumentException("LinearJobRunner does not run " + spec.getClass().getSimpleName()
                + " operators (operator '" + t.name() + "', stage " + index + ")");
    }

    /** One operator of the chain. */
    private abstract static class Stage {
        Stage next;

        abstract void process(Object value, long ts) throws Exception;

        void onProcessingTime(long nowMs) throws Exception {
        }

        void endOfInput() throws Exception {
        }

        Collector<Object> forward(long ts) {
            return value -> {
                try {
                    next.process(value, ts);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        }
    }

    /** A keyed process operator over a {@link KeyedFunctionHarness}. */
    private final class KeyedStage extends Stage {
        private final KeySelector<Object, Object> keySelector;
        private final OperatorSpec.KeyedProcess<Object, Object, Object> spec;
        private KeyedFunctionHarness<Object, Object, Object> harness;

        KeyedStage(KeySelector<Object, Object> keySelector, OperatorSpec.KeyedProcess<Object, Object, Object> spec) {
            this.keySelector = keySelector;
            this.spec = spec;
        }

        private KeyedFunctionHarness<Object, Object, Object> harness() throws Exception {
            if (harness == null) {
                harness = new KeyedFunctionHarness<>(spec.function(), value -> {
                    try {
                        next.process(value, NO_TIMESTAMP);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, nowMs);
            }
            return harness;
        }

        @Override
        void process(Object value, long ts) throws Exception {
            harness().processElement(keySelector.getKey(value), value, ts == NO_TIMESTAMP ? null : ts);
        }

        @Override
        void onProcessingTime(long now) throws Exception {
            harness().advanceProcessingTime(now);
        }

        @Override
        void endOfInput() throws Exception {
            harness().advanceWatermark(Long.MAX_VALUE);
            harness().close();
        }
    }

    private ReaderOutput<Object> readerOutput(Stage first) {
        return new ReaderOutput<>() {
            @Override
            public void collect(Object element) {
                collect(element, NO_TIMESTAMP);
            }

            @Override
            public void collect(Object element, long timestamp) {
                try {
                    first.process(element, timestamp);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public SplitOutput<Object> forSplit(String splitId) {
                ReaderOutput<Object> self = this;
                return new SplitOutput<>() {
                    @Override
                    public void collect(Object element) {
                        self.collect(element);
                    }

                    @Override
                    public void collect(Object element, long timestamp) {
                        self.collect(element, timestamp);
                    }

                    @Override
                    public void markIdle() {
                    }
                };
            }

            @Override
            public void releaseSplit(String splitId) {
            }
        };
    }

    private SourceReaderContext readerContext() {
        return new SourceReaderContext() {
            @Override
            public int subtaskIndex() {
                return 0;
            }

            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public long currentProcessingTime() {
                return nowMs;
            }
        };
    }

    private static SinkContext sinkContext(String name) {
        return SinkContext.of(0, 1, name, "0123456789abcdef");
    }

    /** The context of a non-keyed operator: keyed state is refused, as the runtime refuses it. */
    private static RuntimeContext statelessContext(String name) {
        return (RuntimeContext) java.lang.reflect.Proxy.newProxyInstance(LinearJobRunner.class.getClassLoader(),
                new Class<?>[] {RuntimeContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "operatorName" -> name;
                    case "subtaskIndex" -> 0;
                    case "parallelism" -> 1;
                    case "maxParallelism" -> 128;
                    default -> throw new UnsupportedOperationException(method.getName() + " on the non-keyed operator '"
                            + name + "'");
                });
    }
}
