package io.sluice.runtime.task;

import io.sluice.api.OutputTag;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.MetricsOptions;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.PartitionTransformation.Partitioning;
import io.sluice.api.graph.SourceTransformation;
import io.sluice.api.graph.TwoInputTransformation;
import io.sluice.api.internal.UserObjects;
import io.sluice.runtime.channel.BackPressure;
import io.sluice.runtime.channel.CustomPartitioner;
import io.sluice.runtime.channel.ForwardPartitioner;
import io.sluice.runtime.channel.GlobalPartitioner;
import io.sluice.runtime.channel.KeyGroupPartitioner;
import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.Partitioner;
import io.sluice.runtime.channel.RebalancePartitioner;
import io.sluice.runtime.channel.ShufflePartitioner;
import io.sluice.runtime.channel.RecordWriter;
import io.sluice.runtime.checkpoint.ChannelStateFile;
import io.sluice.runtime.checkpoint.RestoreRefusedException;
import io.sluice.runtime.checkpoint.CheckpointAcknowledger;
import io.sluice.runtime.checkpoint.StateAssignment;
import io.sluice.runtime.operators.KeyedInputOperator;
import io.sluice.runtime.operators.KeyedTwoInputOperator;
import io.sluice.runtime.operators.OperatorContext;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.operators.WatermarkEmitter;
import io.sluice.runtime.operators.window.WindowCombiner;
import io.sluice.runtime.plan.ExecutionPlan;
import io.sluice.runtime.plan.OperatorNode;
import io.sluice.runtime.plan.PlanEdge;
import io.sluice.runtime.plan.PlannedChain;
import io.sluice.runtime.channel.StreamElement;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateBackend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the running tasks of a plan: one ring per (producer subtask, consumer subtask) of every
 * edge between chains, and per chain subtask its own copies of the operators, wired to call each
 * other directly. Runs once on the submitting thread; nothing here is on the hot path.
 */
public final class TaskBuilder {

    private final ExecutionPlan plan;
    private final Configuration config;
    private final StateBackend stateBackend;
    private final ClassLoader userClassLoader;
    private final int ringCapacity;
    private final int batchSize;
    private final boolean specialize;
    /** Whether windows {@code SlicingWindowOperator} computes get it ({@code execution.window-slicing}). */
    private final boolean windowSlicing;
    private final boolean preAggregation;
    private final long watermarkIntervalMs;
    /** 0: latency tracking off. */
    private final long latencyIntervalMs;

    private CheckpointAcknowledger coordinator;
    private StateAssignment restore;
    private io.sluice.runtime.operators.SinkTransactions sinkTransactions;
    private String lineageId = "";
    /** Keyed backends created so far: closed again if building fails half-way. */
    private final List<KeyedStateBackend> backends = new ArrayList<>();

    /** rings.get(edge)[producerSubtask][consumerSubtask or 0 for forward] */
    private final Map<PlanEdge, OneToOneRing[][]> rings = new IdentityHashMap<>();

    /**
     * Per id of a source restored at another parallelism, its re-divided splits as state items:
     * index {@code i} for subtask {@code i}.
     */
    /** Where each source subtask's splits come from; made when the build starts. */
    private SourceSplits sourceSplits;

    public TaskBuilder(ExecutionPlan plan, Configuration config, StateBackend stateBackend, ClassLoader loader) {
        this.plan = plan;
        this.config = config;
        this.stateBackend = stateBackend;
        this.userClassLoader = loader;
        this.ringCapacity = config.get(ExecutionOptions.CHANNEL_CAPACITY);
        this.batchSize = config.get(ExecutionOptions.BATCH_SIZE);
        this.specialize = config.get(ExecutionOptions.CHAIN_SPECIALIZATION);
        this.windowSlicing = config.get(ExecutionOptions.WINDOW_SLICING);
        this.preAggregation = config.get(ExecutionOptions.WINDOW_PRE_AGGREGATION)
                && config.get(CheckpointingOptions.MODE) != CheckpointingOptions.CheckpointMode.UNALIGNED
                && config.get(CheckpointingOptions.ALIGNMENT_TIMEOUT).isZero();
        this.watermarkIntervalMs = Math.max(1, config.get(PipelineOptions.AUTO_WATERMARK_INTERVAL).toMillis());
        java.time.Duration latencyInterval = config.get(MetricsOptions.LATENCY_INTERVAL);
        if (latencyInterval.isNegative()) {
            throw new IllegalArgumentException(MetricsOptions.LATENCY_INTERVAL.key() + " must not be negative, got "
                    + latencyInterval + "; use 0 to turn latency tracking off");
        }
        // a positive interval below a millisecond is a millisecond: the task's clock counts milliseconds
        this.latencyIntervalMs = latencyInterval.isZero() ? 0 : Math.max(1, latencyInterval.toMillis());
        if (ringCapacity < 2) {
            throw new IllegalArgumentException(ExecutionOptions.CHANNEL_CAPACITY.key() + " must be at least 2, got "
                    + ringCapacity);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException(ExecutionOptions.BATCH_SIZE.key() + " must be at least 1, got "
                    + batchSize);
        }
    }

    /**
     * Tasks take part in checkpoints through {@code coordinator} and start from {@code restore}
     * (either may be null).
     */
    public TaskBuilder withCheckpoints(CheckpointAcknowledger coordinator, StateAssignment restore) {
        this.coordinator = coordinator;
        this.restore = restore;
        return this;
    }

    /** The job's lineage, which sinks see ({@link io.sluice.api.connector.SinkContext#jobLineageId}). */
    public TaskBuilder withLineage(String lineageId) {
        this.lineageId = lineageId;
        return this;
    }

    /** Two-phase-commit sinks leave their unsettled transactions here when closed early, for the job to settle. */
    public TaskBuilder withSinkTransactions(io.sluice.runtime.operators.SinkTransactions commits) {
        this.sinkTransactions = commits;
        return this;
    }

    /** The id an operator's state is stored under: its uid, or else its place in the job and its name. */
    public static String operatorId(OperatorNode node) {
        String uid = node.transformation().uid();
        return uid != null ? uid : node.transformation().id() + ":" + node.name();
    }

    /** The ids of every operator of {@code plan}. */
    public static List<String> operatorIds(ExecutionPlan plan) {
        List<String> ids = new ArrayList<>();
        for (PlannedChain chain : plan.chains()) {
            for (OperatorNode node : chain.operators()) {
                ids.add(operatorId(node));
            }
        }
        return ids;
    }

    /**
     * Builds every task; a failure (a state file that cannot be restored) closes the state built so far.
     */
    public List<StreamTask> build() throws Exception {
        try {
            return buildAll();
        } catch (Throwable t) {
            for (KeyedStateBackend b : backends) {
                try {
                    b.close();
                } catch (RuntimeException e) {
                    t.addSuppressed(e);
                }
            }
            throw t;
        }
    }

    private List<StreamTask> buildAll() throws Exception {
        for (PlanEdge e : plan.chainEdges()) {
            int producers = e.source().parallelism();
            int consumers = e.partitioning() == Partitioning.FORWARD ? 1 : e.target().parallelism();
            OneToOneRing[][] r = new OneToOneRing[producers][consumers];
            for (int i = 0; i < producers; i++) {
                for (int j = 0; j < consumers; j++) {
                    r[i][j] = new OneToOneRing(ringCapacity);
                }
            }
            rings.put(e, r);
        }
        sourceSplits = new SourceSplits(restore, userClassLoader);
        List<StreamTask> tasks = new ArrayList<>();
        for (PlannedChain chain : plan.chains()) {
            List<List<SourceSplit>> splits = null;
            SplitDiscovery.Target discovery = null;
            if (chain.head().transformation() instanceof SourceTransformation<?> src) {
                String id = operatorId(chain.head());
                sourceSplits.redistributeRestored(id, chain.head().name(), src.source(), chain.parallelism());
                splits = SourceSplits.assign(src.source(), chain.parallelism());
                discovery = sourceSplits.discoveryOf(id, chain.head().name(), src.source(), chain.parallelism(), splits);
            }
            for (int subtask = 0; subtask < chain.parallelism(); subtask++) {
                StreamTask task = buildTask(tasks.size(), chain, subtask, splits == null ? null : splits.get(subtask));
                tasks.add(task);
                if (discovery != null) {
                    discovery.subtasks[subtask] = task;
                }
            }
        }
        return tasks;
    }

    /** The split discovery of the tasks built last, for the run to start and stop. */
    public SplitDiscovery splitDiscovery() {
        return sourceSplits.discovery();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private StreamTask buildTask(int taskIndex, PlannedChain chain, int subtask, List<SourceSplit> splits)
            throws Exception {
        List<OperatorNode> nodes = chain.operators();
        int n = nodes.size();
        int p = chain.parallelism();
        BackPressure backPressure = new BackPressure();
        TaskClock clock = new TaskClock();
        TimerBudget timerBudget = new TimerBudget(batchSize);

        // Writers leaving the chain, by position: main (tail only) and side outputs.
        RecordWriter[][] mainWriters = new RecordWriter[n][];
        List<Map<OutputTag<?>, RecordWriter[]>> sideWriters = new ArrayList<>();
        List<RecordWriter> all = new ArrayList<>();
        RecordWriter[][] writersAt = new RecordWriter[n][];
        for (int pos = 0; pos < n; pos++) {
            List<RecordWriter> main = new ArrayList<>();
            Map<OutputTag<?>, List<RecordWriter>> side = new HashMap<>();
            List<RecordWriter> here = new ArrayList<>();
            for (PlanEdge e : nodes.get(pos).outputs()) {
                OneToOneRing[][] r = rings.get(e);
                if (r == null) {
                    continue; // chained edge
                }
                Partitioner partitioner = partitioner(e, subtask);
                RecordWriter w = new RecordWriter(r[subtask], partitioner, backPressure);
                if (partitioner instanceof KeyGroupPartitioner keys) {
                    preAggregate(w, e, keys);
                }
                here.add(w);
                all.add(w);
                if (e.sideOutput() == null) {
                    main.add(w);
                } else {
                    side.computeIfAbsent(e.sideOutput(), k -> new ArrayList<>()).add(w);
                }
            }
            mainWriters[pos] = main.toArray(new RecordWriter[0]);
            Map<OutputTag<?>, RecordWriter[]> sideArrays = new HashMap<>();
            side.forEach((tag, ws) -> sideArrays.put(tag, ws.toArray(new RecordWriter[0])));
            sideWriters.add(sideArrays);
            writersAt[pos] = here.toArray(new RecordWriter[0]);
        }

        StreamOperator<?, ?>[] operators = new StreamOperator[n];
        OperatorCounters[] counters = new OperatorCounters[n];
        PositionEmitter[] emitters = new PositionEmitter[n];
        SourceOperator<?, ?> sourceOperator = null;
        for (int pos = 0; pos < n; pos++) {
            OperatorNode node = nodes.get(pos);
            counters[pos] = new OperatorCounters(node.name());
            emitters[pos] = new PositionEmitter(pos);
            KeySelector<?, ?> keySelector = null;
            KeyedStateBackend backend = null;
            if (node.transformation() instanceof SourceTransformation<?> s) {
                Source<?, ?> copy = UserObjects.copy(s.source(), node.name(), userClassLoader);
                sourceOperator = new SourceOperator(copy, splits, s.watermarkStrategy());
                operators[pos] = sourceOperator;
            } else {
                OperatorSpec spec = UserObjects.copy(specOf(node), node.name(), userClassLoader);
                if (spec instanceof OperatorSpec.KeyedProcess<?, ?, ?> k) {
                    keySelector = k.keySelector();
                } else if (spec instanceof OperatorSpec.KeyedCoProcess<?, ?, ?, ?> k) {
                    keySelector = k.keySelector1(); // input 2's is the operator's own
                } else if (spec instanceof OperatorSpec.KeyedWindow<?, ?, ?> w) {
                    keySelector = w.keySelector();
                } else if (spec instanceof OperatorSpec.KeyedBroadcastProcess<?, ?, ?, ?> k) {
                    keySelector = k.keySelector(); // the broadcast input has no key
                }
                boolean keyedInput = false;
                KeySelector<?, ?> keyedSecondInput = null;
                // (an async function has no keyed state, and its operator's state is its own)
                if (keySelector == null && isKeyedInput(node) && !(spec instanceof OperatorSpec.Async<?, ?>)) {
                    // keyBy(...).map(f): f may use keyed state, scoped to the key of each element (at the
                    // head of a task, or chained behind its input when both run one subtask)
                    keySelector = UserObjects.copy(node.inputs().get(0).keySelector(), node.name(), userClassLoader);
                    keyedInput = true;
                } else if (keySelector == null && pos == 0 && areBothInputsKeyed(node)) {
                    // connect(...).keyBy(k1, k2).flatMap(f): f's keyed state, scoped by each input's key
                    keySelector = UserObjects.copy(keySelectorOfInput(node, 0), node.name(), userClassLoader);
                    keyedSecondInput = UserObjects.copy(keySelectorOfInput(node, 1), node.name(), userClassLoader);
                }
                if (keySelector != null) {
                    backend = stateBackend.createKeyedStateBackend(new KeyedBackendParameters(node.name(), subtask,
                            plan.maxParallelism(), KeyGroups.rangeFor(subtask, plan.maxParallelism(), p)));
                    backends.add(backend);
                    backend.setTtlClock(clock::nowMs); // state time-to-live runs on the task's clock
                    if (restore != null) {
                        List<java.nio.file.Path> files = restore.keyedFiles(operatorId(node), backend.keyGroupRange());
                        if (!files.isEmpty()) {
                            backend.restore(files);
                        }
                    }
                }
                String slot = specialize ? slot(chain, pos, subtask) + "/operator" : null;
                operators[pos] = keyedInput ? new KeyedInputOperator(OperatorFactory.create(spec, slot, windowSlicing))
                        : keyedSecondInput != null
                        ? new KeyedTwoInputOperator(OperatorFactory.create(spec, slot, windowSlicing), keyedSecondInput)
                        : OperatorFactory.create(spec, slot, windowSlicing);
            }
            OperatorContext ctx = new OperatorContext(node.name(), subtask, p, plan.maxParallelism(), keySelector,
                    backend, new OperatorOutputGate(backPressure, operators, pos, timerBudget), clock, emitters[pos],
                    watermarkIntervalMs, lineageId);
            operators[pos].setup(ctx, null);
            if (sinkTransactions != null) {
                operators[pos].leaveTransactionsWith(sinkTransactions);
            }
            if (restore != null) {
                operators[pos].initializeState(new io.sluice.runtime.checkpoint.RestoredState(
                        sourceSplits.restoredItems(operatorId(node), subtask, p),
                        restore.itemsBySubtask(operatorId(node)), subtask, p));
            }
        }
        List<ChainLinks.Lease> links = new ArrayList<>();
        for (int pos = 0; pos < n; pos++) {
            StreamOperator next = pos + 1 < n ? operators[pos + 1] : null;
            SideOutputWriters sideOutputs = new SideOutputWriters(counters[pos], sideWriters.get(pos));
            String outputSlot = specialize ? slot(chain, pos, subtask) : null;
            if (next != null && mainWriters[pos].length != 0) {
                // the plan chains an operator only to its one and only output
                throw new IllegalStateException("operator '" + operators[pos].context().operatorName()
                        + "' goes on to the next of its chain and has edges of its own; only a chain's last has edges");
            }
            Output output = next != null
                    ? ChainLinks.link(outputSlot, counters[pos], next, sideOutputs, links)
                    : ChainSpecializer.newInstance(outputSlot, TailOutput.class, Output.class,
                            new Class<?>[] {OperatorCounters.class, RecordWriter[].class, SideOutputWriters.class},
                            counters[pos], mainWriters[pos], sideOutputs);
            operators[pos].setup(operators[pos].context(), output);
        }
        OperatorChain operatorChain = new OperatorChain(operators, counters, writersAt, all.toArray(new RecordWriter[0]),
                timerBudget, links);
        for (PositionEmitter e : emitters) {
            e.chain = operatorChain;
        }
        InputGate gate = null;
        if (sourceOperator == null) {
            // the channels of every input edge (of both inputs for a two-input head), each marked
            // with the input it feeds
            List<OneToOneRing> inputs = new ArrayList<>();
            List<Integer> inputOf = new ArrayList<>();
            for (PlanEdge e : chain.head().inputs()) {
                OneToOneRing[][] r = rings.get(e);
                if (e.partitioning() == Partitioning.FORWARD) {
                    inputs.add(r[subtask][0]);
                    inputOf.add(e.targetInput());
                } else {
                    for (OneToOneRing[] fromProducer : r) {
                        inputs.add(fromProducer[subtask]);
                        inputOf.add(e.targetInput());
                    }
                }
            }
            gate = new InputGate(inputs.toArray(new OneToOneRing[0]),
                    inputOf.stream().mapToInt(Integer::intValue).toArray());
        }
        LatencyMarkers latencyMarkers = null;
        if (latencyIntervalMs > 0) {
            latencyMarkers = sourceOperator != null
                    ? LatencyMarkers.forSource(latencyIntervalMs, chain.head().name(), subtask, operatorChain.allWriters())
                    : LatencyMarkers.forInputTask(operatorChain.allWriters());
        }
        StreamTask task = new StreamTask(chain.name(), subtask, operatorChain, gate, sourceOperator, backPressure,
                batchSize, watermarkIntervalMs, clock, latencyMarkers);
        String[] ids = new String[n];
        for (int pos = 0; pos < n; pos++) {
            ids[pos] = operatorId(nodes.get(pos));
        }
        task.setCheckpointing(new TaskCheckpointer(taskIndex, subtask, operatorChain, ids, coordinator),
                config.get(CheckpointingOptions.MODE) == CheckpointingOptions.CheckpointMode.UNALIGNED,
                config.get(CheckpointingOptions.ALIGNMENT_TIMEOUT).toNanos());
        if (restore != null && gate != null) {
            java.nio.file.Path inFlight = restore.channelFile(ids[0], subtask, p);
            if (inFlight != null) {
                task.setRecoveredInput(ChannelStateFile.read(inFlight, userClassLoader));
            }
        }
        if (restore != null) {
            refuseInFlightBehindHead(ids, subtask, p);
        }
        if (restore != null && finishedInCheckpoint(ids, subtask, p)) {
            task.setFinishedOnRestore();
        }
        return task;
    }

    /**
     * Refuses a restore that holds in-flight input records for an operator this plan chains behind
     * another: an unaligned checkpoint taken while it headed a task of its own (its keyBy was not
     * chained then). Those records have no ring to be replayed from, and dropping them would lose them.
     */
    private void refuseInFlightBehindHead(String[] operatorIds, int subtask, int parallelism)
            throws RestoreRefusedException {
        for (int pos = 1; pos < operatorIds.length; pos++) {
            if (restore.channelFile(operatorIds[pos], subtask, parallelism) != null) {
                throw new RestoreRefusedException("cannot restore operator '" + operatorIds[pos] + "' from "
                        + restore.checkpoint().directory() + ": the unaligned checkpoint holds in-flight records into it, taken"
                        + " while it ran in a task of its own, and this job chains it behind '" + operatorIds[0]
                        + "'; restore with " + ExecutionOptions.CHAIN_SINGLE_SUBTASK_KEY_BY.key() + "=false");
            }
        }
    }

    /** What a (one- or two-input) operator does. */
    private static OperatorSpec specOf(OperatorNode node) {
        if (node.transformation() instanceof OneInputTransformation<?, ?> t) {
            return t.spec();
        }
        if (node.transformation() instanceof TwoInputTransformation<?, ?, ?> t) {
            return t.spec();
        }
        throw new IllegalStateException("no operator spec for " + node.transformation());
    }

    /** Every operator of the chain had finished in the checkpoint (this subtask, or all of its subtasks). */
    private boolean finishedInCheckpoint(String[] operatorIds, int subtask, int parallelism) {
        for (String id : operatorIds) {
            if (!restore.finished(id, subtask, parallelism)) {
                return false;
            }
        }
        return true;
    }

    /** One input edge, partitioned by key: the operator reads a keyed stream. */
    private static boolean isKeyedInput(OperatorNode node) {
        return node.inputs().size() == 1 && node.inputs().get(0).partitioning() == Partitioning.HASH
                && node.inputs().get(0).sideOutput() == null;
    }

    /** A two-input operator whose every input edge is partitioned by key. */
    private static boolean areBothInputsKeyed(OperatorNode node) {
        if (!(node.transformation() instanceof TwoInputTransformation<?, ?, ?>)) {
            return false;
        }
        for (PlanEdge e : node.inputs()) {
            if (e.partitioning() != Partitioning.HASH || e.sideOutput() != null) {
                return false;
            }
        }
        return true;
    }

    /** The key selector of the edges into input {@code input} (0 or 1) of a two-input operator. */
    private static KeySelector<?, ?> keySelectorOfInput(OperatorNode node, int input) {
        for (PlanEdge e : node.inputs()) {
            if (e.targetInput() == input) {
                return e.keySelector();
            }
        }
        throw new IllegalStateException("operator '" + node.name() + "' has no edge into input " + (input + 1));
    }

    /**
     * Folds what {@code writer} sends into a window kept in slices per key and slice first
     * ({@link WindowCombiner}), when {@code execution.window-pre-aggregation} is on, the window is
     * kept in slices and checkpoints are always aligned (an unaligned barrier, or an aligned one
     * turned unaligned by the alignment timeout, would overtake partials, whose in-flight copies have
     * no serializer of their own).
     */
    private void preAggregate(RecordWriter writer, PlanEdge e, KeyGroupPartitioner keys) throws Exception {
        if (!preAggregation || !windowSlicing
                || !(e.target().transformation() instanceof OneInputTransformation<?, ?> t)
                || !(t.spec() instanceof OperatorSpec.KeyedWindow<?, ?, ?> window)) {
            return;
        }
        OperatorSpec.KeyedWindow<?, ?, ?> copy = UserObjects.copy(window, "the window before '" + e.target().name()
                + "', folding records before its keyBy", userClassLoader);
        WindowCombiner combiner = WindowCombiner.forWindow(copy, keys);
        if (combiner != null) {
            writer.combining(combiner);
        }
    }

    /** Where an operator runs, for its private class copies: the same job run again finds them compiled. */
    private static String slot(PlannedChain chain, int pos, int subtask) {
        return chain.name() + '#' + pos + '/' + subtask;
    }

    private Partitioner partitioner(PlanEdge e, int subtask) {
        switch (e.partitioning()) {
            case FORWARD:
                return new ForwardPartitioner();
            case REBALANCE:
                return new RebalancePartitioner(subtask % e.target().parallelism());
            case HASH:
                KeySelector<?, ?> copy = UserObjects.copy(e.keySelector(), "keyBy before '" + e.target().name() + "'",
                        userClassLoader);
                return new KeyGroupPartitioner(copy, plan.maxParallelism(), e.target().name());
            case SHUFFLE:
                return new ShufflePartitioner(System.nanoTime() ^ ((long) subtask << 32));
            case GLOBAL:
                return new GlobalPartitioner();
            case BROADCAST:
                return new io.sluice.runtime.channel.BroadcastPartitioner();
            case CUSTOM:
                String where = "partitionCustom before '" + e.target().name() + "'";
                return new CustomPartitioner(UserObjects.copy(e.customPartitioner(), where, userClassLoader),
                        UserObjects.copy(e.keySelector(), where, userClassLoader), e.target().name());
            default:
                throw new IllegalStateException("unknown partitioning " + e.partitioning());
        }
    }

    /** Lets the operator at one position of a chain emit its own event time. */
    private static final class PositionEmitter implements WatermarkEmitter {
        private final int position;
        OperatorChain chain;

        PositionEmitter(int position) {
            this.position = position;
        }

        @Override
        public void emitWatermark(long watermark) {
            try {
                chain.emitFrom(position, watermark);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void emitIdle() {
            chain.propagateStatus(position, StreamElement.IDLE, true);
        }

        @Override
        public void emitActive() {
            chain.propagateStatus(position, StreamElement.ACTIVE, true);
        }
    }
}
