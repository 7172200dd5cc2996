package io.sluice.runtime.time;

import io.sluice.state.KeyedStateBackend;

/** Sets and reads the key that state and timers are scoped to. Task thread only. */
public interface KeyContext {
    void setCurrentKey(Object key, int keyGroup);

    Object currentKey();

    int currentKeyGroup();

    /** The key of {@code backend}: state and timers of that backend follow it. */
    static KeyContext of(KeyedStateBackend backend) {
        return new KeyContext() {
            @Override
            public void setCurrentKey(Object key, int keyGroup) {
                backend.setCurrentKey(key, keyGroup);
            }

            @Override
            public Object currentKey() {
                return backend.currentKey();
            }

            @Override
            public int currentKeyGroup() {
                return backend.currentKeyGroup();
            }
        };
    }
}
