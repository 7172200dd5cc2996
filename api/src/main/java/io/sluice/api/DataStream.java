package io.sluice.api;

import io.sluice.api.connector.Sink;
import io.sluice.api.functions.FilterFunction;
import io.sluice.api.functions.FlatMapFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.Partitioner;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.api.graph.PartitionTransformation.Partitioning;
import io.sluice.api.graph.SideOutputTransformation;
import io.sluice.api.graph.Transformation;
import io.sluice.api.graph.UnionTransformation;
import io.sluice.api.internal.JobValidator;
import io.sluice.api.internal.PrintSink;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stream of elements of type {@code T}. Each method adds an operator and returns its output
 * stream; {@code name}, {@code uid}, {@code setParallelism}, {@code disableChaining} and
 * {@code startNewChain} configure the operator that produced this stream.
 */
public class DataStream<T> {

    protected final StreamEnvironment env;
    protected final Transformation<T> transformation;

    public DataStream(StreamEnvironment env, Transformation<T> transformation) {
        this.env = env;
        this.transformation = transformation;
    }

    public StreamEnvironment environment() {
        return env;
    }

    /** The logical node behind this stream (internal). */
    public Transformation<T> transformation() {
        return transformation;
    }

    public <R> DataStream<R> map(MapFunction<T, R> mapper) {
        return oneInput("map", new OperatorSpec.Map<>(Objects.requireNonNull(mapper, "mapper")));
    }

    public DataStream<T> filter(FilterFunction<T> filter) {
        return oneInput("filter", new OperatorSpec.Filter<>(Objects.requireNonNull(filter, "filter")));
    }

    public <R> DataStream<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        return oneInput("flat-map", new OperatorSpec.FlatMap<>(Objects.requireNonNull(flatMapper, "flatMapper")));
    }

    /**
     * Applies a {@link ProcessFunction}. Timers and keyed state need a keyed stream: a function that
     * overrides {@code onTimer} is refused here.
     */
    public <R> DataStream<R> process(ProcessFunction<T, R> function) {
        Objects.requireNonNull(function, "function");
        JobValidator.refuseTimersOnNonKeyedStream(function, transformation);
        return oneInput("process", new OperatorSpec.Process<>(function));
    }

    /** Partitions the stream by key: elements with equal keys go to the same subtask. */
    public <K> KeyedStream<K, T> keyBy(KeySelector<T, K> keySelector) {
        Objects.requireNonNull(keySelector, "keySelector");
        PartitionTransformation<T> p = new PartitionTransformation<>(env.nextId(), transformation,
                Partitioning.HASH, keySelector);
        env.add(p);
        return new KeyedStream<>(env, p, keySelector);
    }

    /**
     * Cuts the whole stream into windows (Flink's {@code windowAll}); the window operator runs
     * with parallelism 1.
     */
    public <W extends io.sluice.api.windowing.Window> AllWindowedStream<T, W> windowAll(
            io.sluice.api.windowing.WindowAssigner<? super T, W> assigner) {
        return new AllWindowedStream<>(this, assigner);
    }

    /** Windows of {@code size} elements of the whole stream (Flink's {@code countWindowAll}). */
    public AllWindowedStream<T, io.sluice.api.windowing.GlobalWindow> countWindowAll(long size) {
        return AllWindowedStream.countWindowAll(this, size);
    }

    /** The last {@code size} elements of the whole stream, every {@code slide} elements. */
    public AllWindowedStream<T, io.sluice.api.windowing.GlobalWindow> countWindowAll(long size, long slide) {
        return AllWindowedStream.countWindowAll(this, size, slide);
    }

    /**
     * Connects this stream with {@code other}, possibly of another type, for one operator that reads
     * both (Flink's {@code connect}); see {@link ConnectedStreams}. Connecting two keyed streams
     * gives keyed connected streams.
     */
    public <R> ConnectedStreams<T, R> connect(DataStream<R> other) {
        Objects.requireNonNull(other, "other");
        if (other.env != env) {
            throw new InvalidJobException("connect of streams from different environments");
        }
        return new ConnectedStreams<>(env, this, other);
    }

    /**
     * Joins this stream with {@code other} by key and window (Flink's {@code join}):
     * {@code a.join(b).where(keyA).equalTo(keyB).window(assigner).apply(joinFunction)}.
     */
    public <T2> JoinedStreams<T, T2> join(DataStream<T2> other) {
        return new JoinedStreams<>(this, Objects.requireNonNull(other, "other"));
    }

    /**
     * Groups this stream with {@code other} by key and window (Flink's {@code coGroup}):
     * {@code a.coGroup(b).where(keyA).equalTo(keyB).window(assigner).apply(coGroupFunction)}.
     */
    public <T2> CoGroupedStreams<T, T2> coGroup(DataStream<T2> other) {
        return new CoGroupedStreams<>(this, Objects.requireNonNull(other, "other"));
    }

    /**
     * Connects this stream with a broadcast stream (see {@link #broadcast(MapStateDescriptor[])}),
     * for {@link BroadcastConnectedStream#process(io.sluice.api.functions.BroadcastProcessFunction)}.
     */
    public <R> BroadcastConnectedStream<T, R> connect(BroadcastStream<R> broadcast) {
        Objects.requireNonNull(broadcast, "broadcast");
        if (broadcast.stream().env != env) {
            throw new InvalidJobException("connect of streams from different environments");
        }
        return new BroadcastConnectedStream<>(env, this, broadcast);
    }

    /**
     * Sends every element to every subtask of the operator it is connected with, which keeps
     * {@code descriptors} as broadcast state (Flink's {@code broadcast(MapStateDescriptor...)}):
     * connect a stream with the result for a {@code BroadcastProcessFunction} or
     * {@code KeyedBroadcastProcessFunction}. Rules, thresholds and reference data that every
     * subtask needs travel this way.
     */
    public BroadcastStream<T> broadcast(MapStateDescriptor<?, ?>... descriptors) {
        Objects.requireNonNull(descriptors, "descriptors");
        if (descriptors.length == 0) {
            throw new InvalidJobException("broadcast(...) of '" + JobValidator.operatorBehind(transformation).name()
                    + "' declares no broadcast state: pass the MapStateDescriptor of each state the connected"
                    + " function keeps, or call broadcast() to send every element to every subtask without state");
        }
        return new BroadcastStream<>(partition(Partitioning.BROADCAST), List.of(descriptors));
    }

    /** Sends every element to every subtask of the next operator (Flink's {@code broadcast()}). */
    public DataStream<T> broadcast() {
        return partition(Partitioning.BROADCAST);
    }

    /** Merges this stream with others of the same type; order between them is not defined. */
    @SafeVarargs
    public final DataStream<T> union(DataStream<T>... others) {
        List<Transformation<T>> inputs = new ArrayList<>();
        inputs.add(transformation);
        for (DataStream<T> o : others) {
            if (o.env != env) {
                throw new InvalidJobException("union of streams from different environments");
            }
            inputs.add(o.transformation);
        }
        UnionTransformation<T> u = new UnionTransformation<>(env.nextId(), inputs);
        env.add(u);
        return new DataStream<>(env, u);
    }

    /** Spreads elements round-robin over the next operator's subtasks. */
    public DataStream<T> rebalance() {
        return partition(Partitioning.REBALANCE);
    }

    /** Sends subtask i's elements to subtask i of the next operator (equal parallelism required). */
    public DataStream<T> forward() {
        return partition(Partitioning.FORWARD);
    }

    /** Sends each element to a random subtask of the next operator (Flink's {@code shuffle}). */
    public DataStream<T> shuffle() {
        return partition(Partitioning.SHUFFLE);
    }

    /** Sends every element to the first subtask of the next operator (Flink's {@code global}). */
    public DataStream<T> global() {
        return partition(Partitioning.GLOBAL);
    }

    /**
     * Sends each element to the subtask {@code partitioner} chooses from its key. Unlike
     * {@link #keyBy}, the result is not a keyed stream: no keyed state or timers downstream.
     */
    public <K> DataStream<T> partitionCustom(Partitioner<K> partitioner, KeySelector<T, K> keySelector) {
        Objects.requireNonNull(partitioner, "partitioner");
        Objects.requireNonNull(keySelector, "keySelector");
        PartitionTransformation<T> p = new PartitionTransformation<>(env.nextId(), transformation,
                Partitioning.CUSTOM, keySelector, partitioner);
        env.add(p);
        return new DataStream<>(env, p);
    }

    /** Assigns timestamps and makes watermarks per subtask. */
    public DataStream<T> assignTimestampsAndWatermarks(WatermarkStrategy<T> strategy) {
        return oneInput("timestamps-watermarks", new OperatorSpec.Watermarks<>(Objects.requireNonNull(strategy)));
    }

    /** The elements this stream's operator emitted to the side output {@code tag}. */
    public <X> DataStream<X> getSideOutput(OutputTag<X> tag) {
        Objects.requireNonNull(tag, "tag");
        if (transformation.isVirtual()) {
            throw new InvalidJobException("getSideOutput(" + tag.id() + ") must be called on the stream of the"
                    + " operator that emits it, not on '" + transformation.name() + "'");
        }
        SideOutputTransformation<X> s = new SideOutputTransformation<>(env.nextId(), transformation, tag);
        env.add(s);
        return new DataStream<>(env, s);
    }

    /** Writes the stream to {@code sink}. */
    public DataStreamSink<T> sinkTo(Sink<T> sink) {
        Objects.requireNonNull(sink, "sink");
        OneInputTransformation<T, Void> t = new OneInputTransformation<>(env.nextId(), "sink", transformation,
                new OperatorSpec.SinkOp<>(sink));
        env.add(t);
        return new DataStreamSink<>(t);
    }

    /**
     * Prints each element's {@code toString()} to standard output, one line each, after
     * {@code "3> "} (the subtask, from 1) when the sink is parallel. A shorthand for debugging; the
     * console connector's {@code ConsoleSink} has identifiers, formatters and buffering.
     */
    public DataStreamSink<T> print() {
        return sinkTo(new PrintSink<>(false)).name("print");
    }

    /** As {@link #print()}, to standard error. */
    public DataStreamSink<T> printToErr() {
        return sinkTo(new PrintSink<>(true)).name("print-to-err");
    }

    // ---- configuring the operator behind this stream ------------------------------------------

    public DataStream<T> name(String name) {
        requireOperator("name");
        transformation.setName(name);
        return this;
    }

    public DataStream<T> uid(String uid) {
        requireOperator("uid");
        transformation.setUid(uid);
        return this;
    }

    public DataStream<T> setParallelism(int parallelism) {
        requireOperator("setParallelism");
        transformation.setParallelism(parallelism);
        return this;
    }

    /** Keeps this operator out of any chain: it runs as a task of its own. */
    public DataStream<T> disableChaining() {
        requireOperator("disableChaining");
        transformation.disableChaining();
        return this;
    }

    /**
     * Starts a new chain at this operator: it is not chained to its input, though operators after it
     * may chain to it.
     */
    public DataStream<T> startNewChain() {
        requireOperator("startNewChain");
        transformation.startNewChain();
        return this;
    }

    /** Declares the element type, for the serializers that state and snapshots need. */
    public DataStream<T> returns(Class<T> type) {
        return returns(Serializers.of(type));
    }

    public DataStream<T> returns(TypeSerializer<T> serializer) {
        transformation.setOutputSerializer(serializer);
        return this;
    }

    protected <R> DataStream<R> oneInput(String defaultName, OperatorSpec spec) {
        OneInputTransformation<T, R> t = new OneInputTransformation<>(env.nextId(), defaultName, transformation, spec);
        return env.addOperator(this, t);
    }

    private DataStream<T> partition(Partitioning partitioning) {
        PartitionTransformation<T> p = new PartitionTransformation<>(env.nextId(), transformation, partitioning, null);
        env.add(p);
        return new DataStream<>(env, p);
    }

    private void requireOperator(String what) {
        if (transformation.isVirtual()) {
            throw new InvalidJobException(what + "() applies to operators, but this stream comes from '"
                    + transformation.name() + "', which is not one; call it right after the operator");
        }
    }
}
