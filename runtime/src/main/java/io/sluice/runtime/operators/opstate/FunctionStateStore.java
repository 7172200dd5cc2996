package io.sluice.runtime.operators.opstate;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.BroadcastState;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.OperatorStateStore;
import io.sluice.runtime.checkpoint.StateItems;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator state of one subtask's user functions (lists, union lists, broadcast maps), on the
 * heap. Restored state is kept as bytes until a function asks for it by name, with its serializer;
 * what no function asked for is written back unchanged, so a function that asks only sometimes
 * loses nothing. On a rescale a list is dealt out round robin, a union list goes whole to every
 * subtask, and each subtask takes one former subtask's copy of a broadcast map. Task thread only.
 */
public final class FunctionStateStore implements OperatorStateStore {

    private final String operator;
    private final int subtask;
    private final Map<String, Registered> states = new LinkedHashMap<>();
    /** Restored items no function has asked for yet, by state name. */
    private final Map<String, List<StateItem>> unclaimed = new LinkedHashMap<>();
    private boolean restored;

    private record Registered(StateItem.Kind kind, TypeSerializer<?> keySerializer, TypeSerializer<?> serializer,
                              Object state) {
    }

    /** @param operator how errors name the subtask, e.g. "'dedupe' (subtask 1/2)" */
    public FunctionStateStore(String operator, int subtask) {
        this.operator = operator;
        this.subtask = subtask;
    }

    /**
     * Takes this subtask's part of restored function state.
     *
     * @param share     the function state items dealt to this subtask
     * @param bySubtask every former subtask's function state items, by former subtask
     */
    public void restore(List<byte[]> share, List<List<byte[]>> bySubtask) throws IOException {
        this.restored = true;
        for (byte[] item : share) {
            StateItem s = StateItem.read(item, operator);
            if (s.kind() == StateItem.Kind.LIST) {
                keep(s);
            }
        }
        for (List<byte[]> items : bySubtask) {
            for (byte[] item : items) {
                StateItem s = StateItem.read(item, operator);
                if (s.kind() == StateItem.Kind.UNION) {
                    keep(s);
                }
            }
        }
        if (!bySubtask.isEmpty()) {
            // every former subtask held the same maps: take one copy, spread over the former subtasks
            for (byte[] item : bySubtask.get(subtask % bySubtask.size())) {
                StateItem s = StateItem.read(item, operator);
                if (s.kind() == StateItem.Kind.BROADCAST) {
                    keep(s);
                }
            }
        }
    }

    private void keep(StateItem item) {
        unclaimed.computeIfAbsent(item.name(), n -> new ArrayList<>()).add(item);
    }

    /** True when the subtask started from a checkpoint. */
    public boolean isRestored() {
        return restored;
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return list(descriptor, StateItem.Kind.LIST);
    }

    @Override
    public <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor) {
        return list(descriptor, StateItem.Kind.UNION);
    }

    @SuppressWarnings("unchecked")
    private <T> ListState<T> list(ListStateDescriptor<T> descriptor, StateItem.Kind kind) {
        Registered r = registered(descriptor.name(), kind);
        if (r != null) {
            return (ListState<T>) r.state();
        }
        OperatorListState<T> list = new OperatorListState<>(descriptor.name());
        for (StateItem item : claim(descriptor.name(), kind)) {
            list.add(read(descriptor.serializer(), item.payload(), descriptor.name()));
        }
        states.put(descriptor.name(), new Registered(kind, null, descriptor.serializer(), list));
        return list;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
        Registered r = registered(descriptor.name(), StateItem.Kind.BROADCAST);
        if (r != null) {
            return (BroadcastState<K, V>) r.state();
        }
        HeapBroadcastState<K, V> map = new HeapBroadcastState<>(descriptor.name());
        for (StateItem item : claim(descriptor.name(), StateItem.Kind.BROADCAST)) {
            readMap(descriptor, item.payload(), map);
        }
        states.put(descriptor.name(), new Registered(StateItem.Kind.BROADCAST, descriptor.keySerializer(),
                descriptor.serializer(), map));
        return map;
    }

    @Override
    public Set<String> getRegisteredStateNames() {
        return namesOf(StateItem.Kind.LIST, StateItem.Kind.UNION);
    }

    @Override
    public Set<String> getRegisteredBroadcastStateNames() {
        return namesOf(StateItem.Kind.BROADCAST);
    }

    private Set<String> namesOf(StateItem.Kind... kinds) {
        Set<String> names = new java.util.LinkedHashSet<>();
        states.forEach((name, r) -> {
            for (StateItem.Kind k : kinds) {
                if (r.kind() == k) {
                    names.add(name);
                }
            }
        });
        return Collections.unmodifiableSet(names);
    }

    /** The state registered as {@code name}, null if none; fails if it is of another kind. */
    private Registered registered(String name, StateItem.Kind kind) {
        Registered r = states.get(name);
        if (r != null && r.kind() != kind) {
            throw new IllegalStateException("operator " + operator + " asked for " + describe(kind) + " '" + name
                    + "', but it already has " + describe(r.kind()) + " of that name: give each operator state its own name");
        }
        return r;
    }

    private List<StateItem> claim(String name, StateItem.Kind kind) {
        List<StateItem> items = unclaimed.getOrDefault(name, List.of());
        for (StateItem item : items) {
            if (item.kind() != kind) {
                throw new IllegalStateException("operator " + operator + " asked for " + describe(kind) + " '" + name
                        + "', but the checkpoint it starts from holds " + describe(item.kind()) + " of that name: ask"
                        + " for it as such, or rename the new state");
            }
        }
        unclaimed.remove(name);
        return items;
    }

    private static String describe(StateItem.Kind kind) {
        return switch (kind) {
            case LIST -> "list state";
            case UNION -> "union list state";
            case BROADCAST -> "broadcast state";
        };
    }

    /** Every state as checkpoint items: one per list element, one per broadcast map; unclaimed state as it came. */
    public List<byte[]> snapshot() throws IOException {
        List<byte[]> items = new ArrayList<>();
        for (Map.Entry<String, Registered> e : states.entrySet()) {
            Registered r = e.getValue();
            if (r.kind() == StateItem.Kind.BROADCAST) {
                items.add(new StateItem(r.kind(), e.getKey(), writeMap(r, ((HeapBroadcastState<?, ?>) r.state()).map()))
                        .write());
            } else {
                for (Object element : ((OperatorListState<?>) r.state()).elements()) {
                    items.add(new StateItem(r.kind(), e.getKey(), write(r.serializer(), element)).write());
                }
            }
        }
        for (List<StateItem> restoredItems : unclaimed.values()) {
            for (StateItem item : restoredItems) {
                // every subtask holds all of an unclaimed union list: one copy is enough
                if (item.kind() != StateItem.Kind.UNION || subtask == 0) {
                    items.add(item.write());
                }
            }
        }
        return items;
    }

    public boolean isEmpty() {
        return states.isEmpty() && unclaimed.isEmpty();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] write(TypeSerializer serializer, Object value) throws IOException {
        return StateItems.write(serializer, value);
    }

    private <T> T read(TypeSerializer<T> serializer, byte[] payload, String name) {
        try {
            return StateItems.read(serializer, payload, "operator state '" + name + "' of " + operator);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] writeMap(Registered r, Map<?, ?> map) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(map.size());
        TypeSerializer keys = r.keySerializer();
        TypeSerializer values = r.serializer();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            keys.serialize(e.getKey(), out);
            values.serialize(e.getValue(), out);
        }
        out.flush();
        return bytes.toByteArray();
    }

    private <K, V> void readMap(MapStateDescriptor<K, V> descriptor, byte[] payload, HeapBroadcastState<K, V> into) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        try {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                K key = descriptor.keySerializer().deserialize(in);
                into.put(key, descriptor.serializer().deserialize(in));
            }
        } catch (IOException | RuntimeException e) {
            throw new java.io.UncheckedIOException(new io.sluice.runtime.checkpoint.CorruptCheckpointException(
                    "cannot read broadcast state '" + descriptor.name() + "' of " + operator + " from the checkpoint"
                    + " with " + descriptor.keySerializer().typeName() + " and " + descriptor.serializer().typeName()
                    + ": " + e.getMessage() + " (were its types changed since?)", e));
        }
    }
}
