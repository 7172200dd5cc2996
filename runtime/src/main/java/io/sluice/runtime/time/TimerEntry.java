package io.sluice.runtime.time;

/**
 * The timer that is firing: its time, key and namespace (window). One instance per timer service,
 * refilled for every timer, so firing allocates nothing per timer: it is valid only during the
 * {@link Triggerable} call it is passed to. Keep its fields, never the entry. Task thread only.
 */
public final class TimerEntry<N> {

    private long timestamp;
    private Object key;
    private int keyGroup;
    private N namespace;

    /** Refills the entry for the next timer. */
    void set(long timestamp, Object key, int keyGroup, N namespace) {
        this.timestamp = timestamp;
        this.key = key;
        this.keyGroup = keyGroup;
        this.namespace = namespace;
    }

    /** Lets go of the last timer's key and namespace once firing pauses or ends. */
    void clear() {
        key = null;
        namespace = null;
    }

    public long timestamp() {
        return timestamp;
    }

    public Object key() {
        return key;
    }

    public int keyGroup() {
        return keyGroup;
    }

    public N namespace() {
        return namespace;
    }

    @Override
    public String toString() {
        return "timer " + timestamp + " of key " + key + " in " + namespace;
    }
}
