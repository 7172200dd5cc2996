package io.sluice.runtime.task;

import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * The links of operator chains ({@link ChainedOutput}s) whose call to the next operator the JIT
 * compiles as a call to that very object: each link is an instance of its own hidden copy of
 * {@code ChainedOutput}, whose class data is a {@link MutableCallSite} that returns the next operator.
 *
 * <p>Why: a per-slot class copy (see {@link ChainSpecializer}) makes every call in a chain
 * monomorphic, but the JIT still guards each inlined call with a check of the receiver's class, and
 * loads each user function from a field. A call site's target is a constant to the JIT; through it,
 * the next operator is a known object, its final fields (the user function, in its own hidden copy)
 * are constants too, and the whole chain compiles with no type check at all. It took a
 * {@code map → filter → map} chain from about 72 M to about 105 M events/s on one thread.
 *
 * <p>A copy serves one live link at a time: it is leased to a task while the task runs, and given
 * back when the task closes ({@link Lease#release}), its call site then pointing at nothing. A job
 * that runs again in the same slot (a restart, the same job submitted anew) leases the same copy:
 * the code that the JIT compiled for it is thrown away when the call site is re-bound, and compiled
 * again from the profile the copy kept. Two jobs running the same chain at once get a copy each.
 */
final class ChainLinks {

    private static final Logger LOG = LoggerFactory.getLogger(ChainLinks.class);

    private static final Class<?>[] CTOR = {OperatorCounters.class, StreamOperator.class, SideOutputWriters.class};
    private static final MethodType NEXT_OPERATOR = MethodType.methodType(StreamOperator.class);
    private static final MethodHandle RELEASED;
    /** Copies given back, kept for each slot; more than this many per slot are dropped. */
    private static final int FREE_PER_SLOT = 2;

    static {
        try {
            RELEASED = MethodHandles.lookup().findStatic(ChainLinks.class, "released", NEXT_OPERATOR);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Map<String, ArrayDeque<LinkCopy>> FREE = ChainSpecializer.bySlot();

    private static volatile boolean failed;

    private ChainLinks() {
    }

    /**
     * The output of the operator before {@code next}: in {@code slot}'s own copy when {@code slot}
     * is not null and a copy is possible (its lease added to {@code leases}), else the shared class.
     */
    @SuppressWarnings("unchecked")
    static <T> Output<T> link(String slot, OperatorCounters counters, StreamOperator<T, ?> next,
                              SideOutputWriters sideOutputs, List<Lease> leases) {
        if (slot != null && !failed) {
            try {
                LinkCopy copy = lease(slot);
                copy.site.setTarget(MethodHandles.constant(StreamOperator.class, next));
                Output<T> link = (Output<T>) ChainSpecializer.construct(copy.type, CTOR, counters, next, sideOutputs);
                leases.add(new Lease(copy));
                return link;
            } catch (Throwable t) {
                failed = true;
                LOG.debug("cannot give chain links their own call sites; using the shared class", t);
            }
        }
        return new ChainedOutput<>(counters, next, sideOutputs);
    }

    private static LinkCopy lease(String slot) throws Exception {
        synchronized (FREE) {
            ArrayDeque<LinkCopy> free = FREE.get(slot);
            if (free != null && !free.isEmpty()) {
                return free.poll();
            }
        }
        MutableCallSite site = new MutableCallSite(RELEASED);
        return new LinkCopy(slot, ChainSpecializer.defineCopy(ChainedOutput.class, site), site);
    }

    private static StreamOperator<?, ?> released() {
        throw new IllegalStateException("a record reached a chain link after its task had closed");
    }

    /** A hidden copy of {@code ChainedOutput} and the call site its class data is. */
    private record LinkCopy(String slot, Class<?> type, MutableCallSite site) {
    }

    /** A copy leased to one task, until the task closes. */
    static final class Lease {

        private LinkCopy copy;

        private Lease(LinkCopy copy) {
            this.copy = copy;
        }

        /**
         * After the link's last record: its call site lets go of the operator (so that the job's
         * objects can be collected) and the copy is free for the slot's next task. Once only.
         */
        void release() {
            LinkCopy c = copy;
            if (c == null) {
                return;
            }
            copy = null;
            c.site.setTarget(RELEASED);
            synchronized (FREE) {
                ArrayDeque<LinkCopy> free = FREE.computeIfAbsent(c.slot, s -> new ArrayDeque<>(FREE_PER_SLOT));
                if (free.size() < FREE_PER_SLOT) {
                    free.push(c);
                }
            }
        }
    }
}
