package io.sluice.connectors.datagen;

import io.sluice.api.connector.ReaderOutput;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A reader output that records every emitted element with its split and timestamp. */
final class RecordingReaderOutput<T> implements ReaderOutput<T> {

    /** One emitted element; {@code splitId} is null when emitted outside a split output. */
    record Emitted<T>(T element, long timestamp, String splitId) {
    }

    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    final List<Emitted<T>> emitted = new ArrayList<>();
    final Set<String> registeredSplits = new HashSet<>();
    final List<String> releasedSplits = new ArrayList<>();

    List<T> elements() {
        List<T> elements = new ArrayList<>(emitted.size());
        for (Emitted<T> e : emitted) {
            elements.add(e.element());
        }
        return elements;
    }

    @Override
    public void collect(T element) {
        emitted.add(new Emitted<>(element, NO_TIMESTAMP, null));
    }

    @Override
    public void collect(T element, long timestamp) {
        emitted.add(new Emitted<>(element, timestamp, null));
    }

    @Override
    public SplitOutput<T> forSplit(String splitId) {
        if (!registeredSplits.add(splitId)) {
            throw new AssertionError("split " + splitId + " registered twice");
        }
        return new SplitOutput<>() {
            @Override
            public void collect(T element) {
                check();
                emitted.add(new Emitted<>(element, NO_TIMESTAMP, splitId));
            }

            @Override
            public void collect(T element, long timestamp) {
                check();
                emitted.add(new Emitted<>(element, timestamp, splitId));
            }

            @Override
            public void markIdle() {
            }

            private void check() {
                if (releasedSplits.contains(splitId)) {
                    throw new AssertionError("split " + splitId + " emitted after it was released");
                }
            }
        };
    }

    @Override
    public void releaseSplit(String splitId) {
        if (!registeredSplits.contains(splitId)) {
            throw new AssertionError("split " + splitId + " released but never registered");
        }
        releasedSplits.add(splitId);
    }
}
