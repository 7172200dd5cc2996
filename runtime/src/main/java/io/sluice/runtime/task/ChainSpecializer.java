package io.sluice.runtime.task;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives each link of an operator chain its own copy of the hot classes (a hidden class defined from
 * the same bytes), so that the JIT keeps one type profile per link instead of one per class.
 *
 * <p>Why: the JIT inlines a virtual call only where its profile shows one or two receiver classes.
 * With one shared {@code ChainedOutput} class, its call to the next operator sees every operator class
 * of every job (Map, Filter, Sink...) and stays an unpredictable virtual call; likewise a
 * {@code MapOperator}'s call to its function sees every user lambda. Per-link copies make every such
 * call site see exactly one receiver, so a whole chain compiles into one inlined body and the event
 * object often never escapes. Only classes without nested classes or lambdas are copied (they would
 * belong to the original's nest); anything else, or any failure, falls back to the shared class.
 *
 * <p>Copies are kept per slot (chain, position, subtask; at most {@link #MAX_SLOTS}, least recently
 * used dropped), so a job that runs again — a restart after a failure, the same job submitted
 * anew — finds its code already compiled instead of warming up fresh classes. The links between
 * operators ({@code ChainedOutput}) are copied too, one per live link, by {@link ChainLinks}.
 */
final class ChainSpecializer {

    private static final Logger LOG = LoggerFactory.getLogger(ChainSpecializer.class);

    /** The classes worth copying: the per-element path of a chain. */
    static final Set<String> SPECIALIZED = Set.of(
            "io.sluice.runtime.task.TailOutput",
            "io.sluice.runtime.operators.MapOperator",
            "io.sluice.runtime.operators.FilterOperator",
            "io.sluice.runtime.operators.FlatMapOperator",
            "io.sluice.runtime.operators.SinkOperator");

    static final int MAX_SLOTS = 4096;

    private static final Map<Class<?>, byte[]> BYTES = new ConcurrentHashMap<>();
    private static final Map<String, Class<?>> COPIES = bySlot();
    private static final Set<Class<?>> FAILED = ConcurrentHashMap.newKeySet();

    private ChainSpecializer() {
    }

    /**
     * A new instance of {@code slot}'s private copy of {@code type} when {@code slot} is not null and a
     * copy is possible, else of {@code type} itself, seen as {@code as} (a copy is not a subclass of
     * {@code type}, only of its supertypes); {@code params} is the constructor's signature.
     */
    static <S> S newInstance(String slot, Class<?> type, Class<S> as, Class<?>[] params, Object... args) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            if (slot != null && SPECIALIZED.contains(type.getName()) && !FAILED.contains(type)) {
                try {
                    Class<?> copy = copyFor(slot, type, lookup);
                    return as.cast(construct(copy, params, args));
                } catch (ReflectiveOperationException | IOException | LinkageError e) {
                    FAILED.add(type);
                    LOG.debug("cannot specialize {}; using the shared class", type.getName(), e);
                }
            }
            return as.cast(construct(lookup, type, params, args));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create " + type.getName(), t);
        }
    }

    private static Class<?> copyFor(String slot, Class<?> type, MethodHandles.Lookup lookup)
            throws IOException, IllegalAccessException {
        String key = type.getName() + '@' + slot;
        synchronized (COPIES) {
            Class<?> copy = COPIES.get(key);
            if (copy == null) {
                copy = lookup.defineHiddenClass(bytesOf(type), true).lookupClass();
                COPIES.put(key, copy);
            }
            return copy;
        }
    }

    /**
     * A map for what is kept per slot: at most {@link #MAX_SLOTS} entries, the least recently used
     * dropped. Not thread-safe; callers synchronize on it.
     */
    static <V> Map<String, V> bySlot() {
        return new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_SLOTS;
            }
        };
    }

    /** A new hidden copy of {@code type} (not kept for any slot), with {@code classData} as its class data. */
    static Class<?> defineCopy(Class<?> type, Object classData) throws IOException, IllegalAccessException {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        return lookup.defineHiddenClassWithClassData(bytesOf(type), classData, true).lookupClass();
    }

    /** A new instance of {@code copy}, a hidden copy made here. */
    static Object construct(Class<?> copy, Class<?>[] params, Object... args) throws Throwable {
        return construct(MethodHandles.privateLookupIn(copy, MethodHandles.lookup()), copy, params, args);
    }

    private static Object construct(MethodHandles.Lookup lookup, Class<?> type, Class<?>[] params, Object[] args)
            throws Throwable {
        MethodHandle ctor = lookup.findConstructor(type, MethodType.methodType(void.class, params));
        return ctor.invokeWithArguments(args);
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        byte[] cached = BYTES.get(type);
        if (cached != null) {
            return cached;
        }
        String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class file for " + type.getName());
            }
            byte[] bytes = in.readAllBytes();
            BYTES.put(type, bytes);
            return bytes;
        }
    }
}
