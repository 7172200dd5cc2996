package io.sluice.runtime.operators;

import io.sluice.api.checkpoint.CheckpointListener;
import io.sluice.api.checkpoint.CheckpointedFunction;
import io.sluice.api.checkpoint.FunctionInitializationContext;
import io.sluice.api.functions.AbstractRichFunction;
import io.sluice.api.functions.Function;
import io.sluice.api.internal.FunctionLifecycle;
import io.sluice.api.state.KeyedStateStore;
import io.sluice.api.state.OperatorStateStore;
import io.sluice.runtime.checkpoint.RestoredState;
import io.sluice.runtime.operators.opstate.FunctionStateStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator around user functions: gives them their operator state ({@link CheckpointedFunction})
 * and checkpoint notifications ({@link CheckpointListener}), opens them with a runtime context (set
 * on rich ones first) and closes them. A subclass with operator state of its own keeps it through {@link #snapshotOwnState}
 * and {@link #initializeOwnState}: its items and the functions' share the operator's checkpoint
 * items, each marked with whose it is.
 */
public abstract class UserFunctionOperator<I, O> extends StreamOperator<I, O> {

    private static final byte OWN_ITEM = 0;
    private static final byte FUNCTION_ITEM = 1;

    private final Function[] functions;
    private FunctionStateStore functionState;
    /** Restored state until the functions' state is created from it. */
    private RestoredState restored;

    protected UserFunctionOperator(Function... functions) {
        this.functions = functions;
    }

    @Override
    public void open() throws Exception {
        TaskRuntimeContext runtimeContext = new TaskRuntimeContext(context);
        FunctionStateStore store = functionState();
        FunctionInitializationContext init = new FunctionInitializationContext() {
            @Override
            public boolean isRestored() {
                return store.isRestored();
            }

            @Override
            public OperatorStateStore getOperatorStateStore() {
                return store;
            }

            @Override
            public KeyedStateStore getKeyedStateStore() {
                return runtimeContext;
            }
        };
        for (Function f : functions) {
            if (f instanceof CheckpointedFunction checkpointed) {
                if (f instanceof AbstractRichFunction rich) {
                    rich.setRuntimeContext(runtimeContext); // getRuntimeContext() works in initializeState too
                }
                checkpointed.initializeState(init);
            }
        }
        for (Function f : functions) {
            FunctionLifecycle.open(f, runtimeContext); // a rich function gets its context first
        }
    }

    /** The operator state of this subtask's functions (broadcast state, say), created on first use. */
    protected final FunctionStateStore functionState() throws IOException {
        if (functionState == null) {
            functionState = new FunctionStateStore(context.describe(), context.subtaskIndex());
            if (restored != null) {
                functionState.restore(ofOwner(restored.share(), FUNCTION_ITEM), functionItemsBySubtask(restored));
                restored = null;
            }
        }
        return functionState;
    }

    // ---- checkpoints ----------------------------------------------------------------------------

    @Override
    public final List<byte[]> snapshotState(long checkpointId) throws Exception {
        for (Function f : functions) {
            if (f instanceof CheckpointedFunction checkpointed) {
                checkpointed.snapshotState(() -> checkpointId);
            }
        }
        List<byte[]> own = snapshotOwnState(checkpointId);
        if (own.isEmpty() && (functionState == null || functionState.isEmpty())) {
            return List.of();
        }
        List<byte[]> items = new ArrayList<>();
        mark(own, OWN_ITEM, items);
        if (functionState != null) {
            mark(functionState.snapshot(), FUNCTION_ITEM, items);
        }
        return items;
    }

    /** Operator state of the subtask's own (not its functions'), as in {@link StreamOperator#snapshotState}. */
    protected List<byte[]> snapshotOwnState(long checkpointId) throws Exception {
        return List.of();
    }

    /** Restores what {@link #snapshotOwnState} wrote (this subtask's share), before {@link #open}. */
    protected void initializeOwnState(List<byte[]> items) throws Exception {
    }

    @Override
    public final void initializeState(RestoredState restoredState) throws Exception {
        // read when the functions' state is first asked for, in open: an operator wrapped by another
        // (KeyedInputOperator) is set up only then
        this.restored = restoredState;
        List<byte[]> own = ofOwner(restoredState.share(), OWN_ITEM);
        if (!own.isEmpty()) {
            initializeOwnState(own);
        }
    }

    @Override
    public final void initializeState(List<byte[]> items) {
        throw new UnsupportedOperationException("restored through initializeState(RestoredState)");
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        for (Function f : functions) {
            if (f instanceof CheckpointListener listener) {
                listener.notifyCheckpointComplete(checkpointId);
            }
        }
    }

    private static void mark(List<byte[]> items, byte owner, List<byte[]> into) {
        for (byte[] item : items) {
            byte[] marked = new byte[item.length + 1];
            marked[0] = owner;
            System.arraycopy(item, 0, marked, 1, item.length);
            into.add(marked);
        }
    }

    private static List<byte[]> ofOwner(List<byte[]> items, byte owner) {
        List<byte[]> of = new ArrayList<>();
        for (byte[] item : items) {
            if (item.length > 0 && item[0] == owner) {
                of.add(java.util.Arrays.copyOfRange(item, 1, item.length));
            }
        }
        return of;
    }

    private static List<List<byte[]>> functionItemsBySubtask(RestoredState restored) {
        List<List<byte[]>> bySubtask = new ArrayList<>();
        for (int i = 0; i < restored.previousParallelism(); i++) {
            bySubtask.add(ofOwner(restored.itemsOf(i), FUNCTION_ITEM));
        }
        return bySubtask;
    }

    /**
     * Emits to a side output from inside a user function's context, whose {@code output} method
     * cannot throw checked exceptions: a downstream failure travels as an unchecked wrapper.
     */
    protected final <X> void emitToSideOutput(io.sluice.api.OutputTag<X> tag, X value, long timestamp) {
        try {
            output.collect(tag, value, timestamp);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TimestampedCollector.DownstreamException(e);
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (Function f : functions) {
            try {
                f.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The timer service of a function call without a key: it reads time, but timers need a key, so
     * setting or deleting one is refused: "operator 'name' (subtask i/n) " followed by {@code whyAndFix}.
     */
    protected final io.sluice.api.functions.TimerService timeOnlyTimerService(String whyAndFix) {
        return new io.sluice.api.functions.TimerService() {
            @Override
            public long currentProcessingTime() {
                return context.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return currentWatermark;
            }

            @Override
            public void registerEventTimeTimer(long time) {
                throw noTimers();
            }

            @Override
            public void registerProcessingTimeTimer(long time) {
                throw noTimers();
            }

            @Override
            public void deleteEventTimeTimer(long time) {
                throw noTimers();
            }

            @Override
            public void deleteProcessingTimeTimer(long time) {
                throw noTimers();
            }

            private UnsupportedOperationException noTimers() {
                return new UnsupportedOperationException("operator " + context.describe() + " " + whyAndFix);
            }
        };
    }
}
