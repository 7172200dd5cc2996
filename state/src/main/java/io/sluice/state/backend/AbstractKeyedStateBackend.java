package io.sluice.state.backend;

import io.sluice.api.serialization.SerializationException;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.StateErrors;
import io.sluice.state.snapshot.SerializerTypes;
import io.sluice.state.snapshot.SnapshotHeader.StateInfo;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.snapshot.TypeRecord;
import io.sluice.state.ttl.TtlStates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * What every keyed backend does the same way: the current key and key group, the key serializer
 * (declared, or inferred from the first key's class), one handle per state name (a second request
 * with another kind is refused, and so is a timer queue of a state's name), time-to-live states as
 * decorators over the backend's own handles, and the types snapshots record and restores adopt or
 * check. A backend adds how it stores a state ({@link #createState}) and its timers.
 *
 * @param <H> the backend's handle type
 */
public abstract class AbstractKeyedStateBackend<H extends State> implements KeyedStateBackend {

    protected final KeyedBackendParameters parameters;
    private final TtlStates ttl = new TtlStates();
    private final Map<String, Registered<H>> states = new LinkedHashMap<>();
    private final Map<String, KeyedTimerQueue<?>> timerQueues = new LinkedHashMap<>();
    /** What restored snapshots recorded of each state and timer queue, whether or not it has a handle yet. */
    private final Map<String, StateInfo> restoredStates = new HashMap<>();
    protected Object currentKey;
    protected int currentKeyGroup = -1;

    /** Declared, inferred from the first key, or adopted from a snapshot; null until then. */
    private TypeSerializer<Object> keySerializer;
    private final boolean keyTypeDeclared;
    /** The class the key serializer was inferred from or adopted as; null when declared or unknown. */
    private Class<?> keyClass;

    private record Registered<H>(StateDescriptor<?, ?> descriptor, H state) {
    }

    /** @param keySerializer the key type's serializer, or null to infer it from the first key's class */
    @SuppressWarnings("unchecked")
    protected AbstractKeyedStateBackend(KeyedBackendParameters parameters, TypeSerializer<?> keySerializer) {
        this.parameters = parameters;
        this.keySerializer = (TypeSerializer<Object>) keySerializer;
        this.keyTypeDeclared = keySerializer != null;
    }

    @Override
    public void setCurrentKey(Object key, int keyGroup) {
        this.currentKey = key;
        this.currentKeyGroup = keyGroup;
    }

    @Override
    public Object currentKey() {
        return currentKey;
    }

    @Override
    public int currentKeyGroup() {
        return currentKeyGroup;
    }

    @Override
    public KeyGroupRange keyGroupRange() {
        return parameters.keyGroupRange();
    }

    @Override
    public void setTtlClock(LongSupplier clock) {
        ttl.setClock(clock);
    }

    // ---- keys -------------------------------------------------------------------------------------

    /** The serializer of {@code key}: the declared or known one, else one inferred from its class now. */
    @SuppressWarnings("unchecked")
    protected final TypeSerializer<Object> keySerializerFor(Object key) {
        if (keySerializer == null) {
            try {
                keySerializer = (TypeSerializer<Object>) Serializers.of(key.getClass());
            } catch (SerializationException e) {
                throw new SerializationException("keyed state of operator '" + parameters.operatorName()
                        + "' needs to store keys of type " + key.getClass().getName() + ", which has no serializer: "
                        + "key by a boxed primitive, String, enum or record, or declare the key type's"
                        + " serializer; " + e.getMessage());
            }
            keyClass = key.getClass();
        }
        return keySerializer;
    }

    /** The key serializer when it is known (declared, inferred or adopted from a snapshot), else null. */
    protected final TypeSerializer<Object> knownKeySerializer() {
        return keySerializer;
    }

    /**
     * The key serializer, to read back keys stored as bytes (timers, restored state); fails clearly
     * when it is not known: inferred from the first key, which was not seen yet.
     */
    protected final TypeSerializer<Object> requireKeySerializer(String what) {
        if (keySerializer == null) {
            throw new SerializationException("operator '" + parameters.operatorName() + "' holds restored '" + what
                    + "' but cannot read its keys back: the key type was never declared, no key was seen yet and the"
                    + " snapshot recorded no key class; declare the key type when keying the stream");
        }
        return keySerializer;
    }

    @Override
    public final List<Object> keys(String stateName) {
        return keys(stateName, ttl.expiredAtOrBefore(stateName));
    }

    /**
     * {@link #keys(String)}, leaving out keys whose values were all last accessed at or before
     * {@code expiredAtOrBefore}: {@link TtlStates#NEVER_EXPIRED} unless the state has a handle with
     * a time to live, whose stored values then start with their last-access time.
     */
    protected abstract List<Object> keys(String stateName, long expiredAtOrBefore);

    /** What a snapshot records of the key type. */
    protected final TypeRecord keyTypeRecord() {
        if (keyTypeDeclared) {
            return TypeRecord.declared(keySerializer.typeName());
        }
        return keyClass == null ? TypeRecord.UNKNOWN : TypeRecord.inferred(keyClass, keySerializer.typeName());
    }

    // ---- handles ----------------------------------------------------------------------------------

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public final <N, S extends State> S getOrCreateState(StateDescriptor<S, ?> descriptor,
                                                         TypeSerializer<N> namespaceSerializer) {
        if (descriptor.ttlConfig() != null) {
            return ttl.getOrCreate(descriptor, inner -> getOrCreateState((StateDescriptor) inner, namespaceSerializer),
                    ttlCleanup(descriptor));
        }
        Registered<H> existing = states.get(descriptor.name());
        if (existing != null) {
            StateErrors.requireSameKind(existing.descriptor(), descriptor, parameters.operatorName());
            return (S) existing.state();
        }
        if (timerQueues.containsKey(descriptor.name())) {
            throw nameTaken(descriptor.name(), "event-time timers", descriptor.kind() + " state");
        }
        StateInfo restored = restoredStates.get(descriptor.name());
        if (restored != null) {
            requireRestorable(restored, descriptor);
            for (Runnable adoption : adoptions(restored, descriptor)) {
                adoption.run();
            }
        }
        H state = createState(descriptor, namespaceSerializer);
        states.put(descriptor.name(), new Registered<>(descriptor, state));
        return (S) state;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <N> KeyedTimerQueue<N> timerQueue(String name, TypeSerializer<N> namespaceSerializer) {
        KeyedTimerQueue<?> q = timerQueues.get(name);
        if (q == null) {
            Registered<H> state = states.get(name);
            StateInfo restored = restoredStates.get(name);
            if (state != null) {
                throw nameTaken(name, state.descriptor().kind() + " state", "event-time timers");
            }
            if (restored != null && restored.kind() != TableKind.TIMERS) {
                throw nameTaken(name, "restored " + restored.kind() + " state", "event-time timers");
            }
            q = createTimerQueue(name, namespaceSerializer);
            timerQueues.put(name, q);
        }
        return (KeyedTimerQueue<N>) q;
    }

    private IllegalStateException nameTaken(String name, String taken, String requested) {
        return new IllegalStateException("the name '" + name + "' in operator '" + parameters.operatorName()
                + "' is used by " + taken + " and is now requested for " + requested + "; use distinct names");
    }

    /** A new timer queue, first requested now. */
    protected abstract <N> KeyedTimerQueue<N> createTimerQueue(String name, TypeSerializer<N> namespaceSerializer);

    /** Every timer queue, in creation order. */
    protected final Collection<KeyedTimerQueue<?>> timerQueues() {
        return timerQueues.values();
    }

    /** The timer queue {@code name}, or null when it was not requested yet. */
    protected final KeyedTimerQueue<?> existingTimerQueue(String name) {
        return timerQueues.get(name);
    }

    /** A new handle for {@code descriptor}, first requested now. */
    protected abstract H createState(StateDescriptor<?, ?> descriptor, TypeSerializer<?> namespaceSerializer);

    /**
     * For a time-to-live state: removes a few of its values last accessed at or before the given
     * time, called on every access; null when the backend expires values only when touched.
     */
    protected LongConsumer ttlCleanup(StateDescriptor<?, ?> descriptor) {
        return null;
    }

    /** The handle registered under {@code name}, or null. */
    protected final H handle(String name) {
        Registered<H> r = states.get(name);
        return r == null ? null : r.state();
    }

    /** Every handle, in registration order. */
    protected final Collection<H> handles() {
        return states.values().stream().map(Registered::state).toList();
    }

    /** Forgets every handle (on close). */
    protected final void forgetStates() {
        states.clear();
        timerQueues.clear();
        restoredStates.clear();
    }

    // ---- snapshots and restores ---------------------------------------------------------------------

    /**
     * What a snapshot records of state (or timer queue) {@code name}: its kind and the types of its
     * handle's serializers, or what a restore recorded while it has no handle (or its handle's
     * inferring serializers have not decided). Task thread.
     */
    protected final StateInfo snapshotInfo(String name, TableKind kind) {
        StateInfo restored = restoredStates.get(name);
        Registered<H> r = states.get(name);
        StateInfo now;
        if (r != null) {
            StateDescriptor<?, ?> d = r.descriptor();
            now = new StateInfo(name, kind, TtlStates.isTimeToLive(d.serializer()), SerializerTypes.recordOf(d.serializer()),
                    d instanceof MapStateDescriptor<?, ?> m ? SerializerTypes.recordOf(m.keySerializer()) : TypeRecord.UNKNOWN);
        } else if (restored != null) {
            return restored;
        } else {
            now = kind == TableKind.TIMERS ? StateInfo.timers(name)
                    : new StateInfo(name, kind, false, TypeRecord.UNKNOWN, TypeRecord.UNKNOWN);
        }
        return restored == null ? now : now.orElse(restored);
    }

    /**
     * The backend-independent part of preparing a restore, before anything is loaded: refuses a
     * recorded state whose kind or time to live differs from the handle (or timer queue) of its
     * name, and a recorded type that the key serializer or an existing handle's serializers cannot
     * read; only when all is well, adopts recorded classes into serializers that have not decided
     * and keeps the records for handles created later.
     */
    protected final void prepareRestore(TypeRecord keyType, Map<String, StateInfo> recorded) {
        List<Runnable> adoptions = new ArrayList<>();
        adoptions.add(keyAdoption(keyType));
        for (StateInfo s : recorded.values()) {
            Registered<H> r = states.get(s.name());
            boolean timers = timerQueues.containsKey(s.name());
            if (r != null) {
                requireRestorable(s, r.descriptor());
                adoptions.addAll(adoptions(s, r.descriptor()));
            } else if (timers && s.kind() != TableKind.TIMERS) {
                throw nameTaken(s.name(), "event-time timers", "restored " + s.kind() + " state");
            }
            StateInfo earlier = restoredStates.get(s.name());
            if (earlier != null && earlier.kind() != s.kind()) {
                throw nameTaken(s.name(), "restored " + earlier.kind(), "restored " + s.kind());
            }
        }
        for (Runnable adoption : adoptions) {
            adoption.run();
        }
        for (StateInfo s : recorded.values()) {
            restoredStates.merge(s.name(), s, StateInfo::orElse);
        }
    }

    /** Adopts the recorded key class while the key type is undecided; else checks it. */
    private Runnable keyAdoption(TypeRecord recorded) {
        if (!recorded.known()) {
            return () -> { };
        }
        if (keySerializer == null) {
            if (recorded.origin() != TypeRecord.Origin.INFERRED) {
                return () -> { }; // only a class can be adopted; the first key decides, as without a restore
            }
            Class<?> type = SerializerTypes.load(recorded.className(), "the keys", parameters.operatorName(),
                    getClass().getClassLoader());
            TypeSerializer<?> s = SerializerTypes.requireSerializer(type, "the keys", parameters.operatorName());
            return () -> adoptKeyType(type, s);
        }
        SerializerTypes.requireCompatible(recorded, keyTypeRecord(), "the keys", parameters.operatorName());
        return () -> { };
    }

    @SuppressWarnings("unchecked")
    private void adoptKeyType(Class<?> type, TypeSerializer<?> serializer) {
        if (keySerializer == null) {
            keySerializer = (TypeSerializer<Object>) serializer;
            keyClass = type;
        }
    }

    private void requireRestorable(StateInfo recorded, StateDescriptor<?, ?> descriptor) {
        String name = descriptor.name();
        if (recorded.kind() != TableKind.of(descriptor.kind())) {
            throw new IllegalStateException("state '" + name + "' of operator '" + parameters.operatorName()
                    + "' was restored as " + recorded.kind() + " and is now requested as " + descriptor.kind()
                    + "; use distinct names");
        }
        boolean ttlNow = TtlStates.isTimeToLive(descriptor.serializer());
        if (recorded.timeToLive() != ttlNow) {
            throw new IllegalStateException("state '" + name + "' of operator '" + parameters.operatorName()
                    + "' was snapshotted " + (recorded.timeToLive() ? "with" : "without") + " a time to live and is now"
                    + " requested " + (ttlNow ? "with" : "without") + " one; its stored values cannot be read that way:"
                    + " keep the time-to-live setting of the state, or use a new state name");
        }
    }

    private List<Runnable> adoptions(StateInfo recorded, StateDescriptor<?, ?> descriptor) {
        String name = descriptor.name();
        ClassLoader loader = getClass().getClassLoader();
        List<Runnable> out = new ArrayList<>(2);
        out.add(SerializerTypes.prepare(recorded.valueType(), descriptor.serializer(), "the values of state '" + name + "'",
                parameters.operatorName(), loader));
        if (descriptor instanceof MapStateDescriptor<?, ?> m) {
            out.add(SerializerTypes.prepare(recorded.mapKeyType(), m.keySerializer(), "the map keys of state '" + name + "'",
                    parameters.operatorName(), loader));
        }
        return out;
    }
}
