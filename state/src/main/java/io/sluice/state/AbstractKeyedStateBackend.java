package io.sluice.state;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.state.ttl.TtlStates;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * What every keyed backend does the same way: the current key and key group, one handle per state
 * name (a second request with another kind is refused), and time-to-live states as decorators over
 * the backend's own handles. A backend adds how it stores a state ({@link #createState}).
 *
 * @param <H> the backend's handle type
 */
public abstract class AbstractKeyedStateBackend<H extends State> implements KeyedStateBackend {

    protected final KeyedBackendParameters parameters;
    private final TtlStates ttl = new TtlStates();
    private final Map<String, Registered<H>> states = new LinkedHashMap<>();
    private final Map<String, KeyedTimerQueue<?>> timerQueues = new LinkedHashMap<>();
    protected Object currentKey;
    protected int currentKeyGroup = -1;

    private record Registered<H>(StateDescriptor<?, ?> descriptor, H state) {
    }

    protected AbstractKeyedStateBackend(KeyedBackendParameters parameters) {
        this.parameters = parameters;
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
        H state = createState(descriptor, namespaceSerializer);
        states.put(descriptor.name(), new Registered<>(descriptor, state));
        return (S) state;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <N> KeyedTimerQueue<N> timerQueue(String name, TypeSerializer<N> namespaceSerializer) {
        KeyedTimerQueue<?> q = timerQueues.get(name);
        if (q == null) {
            q = createTimerQueue(name, namespaceSerializer);
            timerQueues.put(name, q);
        }
        return (KeyedTimerQueue<N>) q;
    }

    /** A new timer queue, first requested now. */
    protected abstract <N> KeyedTimerQueue<N> createTimerQueue(String name, TypeSerializer<N> namespaceSerializer);

    /** Every timer queue, in creation order. */
    protected final Collection<KeyedTimerQueue<?>> timerQueues() {
        return timerQueues.values();
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
    }
}
