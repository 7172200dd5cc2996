package io.sluice.api.internal;

import io.sluice.api.functions.KeySelector;

/** Gives every element the same key, so that {@code windowAll} keeps one window state for the whole stream. Internal. */
public final class NullByteKeySelector<T> implements KeySelector<T, Byte> {

    private static final long serialVersionUID = 1L;
    private static final Byte KEY = 0;

    @Override
    public Byte getKey(T value) {
        return KEY;
    }
}
