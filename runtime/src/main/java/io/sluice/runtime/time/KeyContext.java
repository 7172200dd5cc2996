package io.sluice.runtime.time;

/** Sets and reads the key that state and timers are scoped to. Task thread only. */
public interface KeyContext {
    void setCurrentKey(Object key, int keyGroup);

    Object currentKey();

    int currentKeyGroup();
}
