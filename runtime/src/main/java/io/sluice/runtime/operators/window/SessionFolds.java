package io.sluice.runtime.operators.window;

import java.util.Arrays;

/**
 * Sessions per key on the heap, for folding elements before they reach a session window's state
 * ({@link SessionWindowOperator}): each key's sessions since the last drain as (start, end,
 * accumulator), merged by the same rule as in the state (an element joins every session its
 * {@code [timestamp, timestamp + gap)} overlaps or touches). A session here never ends where the
 * watermark has passed: the owner folds only elements that are not late, and drains the table
 * before every watermark, so the state merges each drained session as it would have merged its
 * elements one by one.
 *
 * <p>Keys are found in an open-addressing table that starts at {@link #INITIAL_KEYS} keys and
 * doubles up to {@link #MAX_KEYS}; a key's sessions are a list in a pool of at most
 * {@link #MAX_SESSIONS}. One hash of the key per element, no allocation but a new session's
 * accumulator. A full table that folded too few elements per session is bypassed for a while
 * ({@link FoldBypass}). Task thread only.
 */
final class SessionFolds {

    /** Folds an element into an accumulator (null for a new session's first element). */
    interface Fold {
        Object apply(Object accumulator, Object element) throws Exception;
    }

    /** Combines the accumulators of two sessions that merge. */
    interface Combine {
        Object apply(Object a, Object b) throws Exception;
    }

    /** Receives each session when the table is drained; a key's sessions come one after another. */
    interface Drain {
        void accept(Object key, boolean firstOfKey, long start, long end, Object accumulator) throws Exception;
    }

    static final int INITIAL_KEYS = 1024;
    static final int MAX_KEYS = 1 << 16;
    static final int MAX_SESSIONS = 1 << 17;
    private static final int NONE = -1;

    private final Fold fold;
    private final Combine combine;
    private final FoldBypass bypass = new FoldBypass();

    private int keyCapacity;
    private int mask;
    private Object[] slotKey;
    /** The first and last of the key's sessions in the pool (in the order they were opened), or {@link #NONE}. */
    private int[] slotHead;
    private int[] slotTail;
    /** The slots in use, in the order they were taken: drained in that order. */
    private int[] used;
    private int keys;

    private long[] start = new long[INITIAL_KEYS];
    private long[] end = new long[INITIAL_KEYS];
    private Object[] accumulator = new Object[INITIAL_KEYS];
    private int[] next = new int[INITIAL_KEYS];
    /** Pool entries taken since the last drain (merged-away sessions keep theirs until then). */
    private int sessions;

    SessionFolds(Fold fold, Combine combine) {
        this.fold = fold;
        this.combine = combine;
        allocateKeys(INITIAL_KEYS);
    }

    private void allocateKeys(int capacity) {
        keyCapacity = capacity;
        mask = capacity * 2 - 1;
        slotKey = new Object[capacity * 2];
        slotHead = new int[capacity * 2];
        slotTail = new int[capacity * 2];
        used = new int[capacity];
    }

    /** Whether the next element is to be passed on unfolded (counts it as passed). */
    boolean bypassing() {
        return bypass.bypassing();
    }

    /**
     * Whether an element of {@code key} whose session would be {@code [from, to)} touches one of
     * the key's sessions here (then it is not late, whatever the watermark).
     */
    boolean touches(Object key, long from, long to) {
        int slot = slotOf(key);
        if (slotKey[slot] == null) {
            return false;
        }
        for (int s = slotHead[slot]; s != NONE; s = next[s]) {
            if (start[s] <= to && end[s] >= from) {
                return true;
            }
        }
        return false;
    }

    /**
     * Folds {@code element} of {@code key}, whose own session is {@code [from, to)}, into the key's
     * session it touches, merging the sessions it bridges, or into a new session.
     */
    void add(Object key, long from, long to, Object element) throws Exception {
        int slot = slotOf(key);
        if (slotKey[slot] == null) {
            slotKey[slot] = key;
            slotHead[slot] = NONE;
            slotTail[slot] = NONE;
            used[keys++] = slot;
        }
        int into = NONE;
        for (int s = slotHead[slot], before = NONE; s != NONE; s = next[s]) {
            if (start[s] <= to && end[s] >= from) {
                if (into == NONE) {
                    into = s;
                    before = s;
                    continue;
                }
                // a second session the element bridges: merged into the first, and unlinked
                accumulator[into] = combine.apply(accumulator[into], accumulator[s]);
                start[into] = Math.min(start[into], start[s]);
                end[into] = Math.max(end[into], end[s]);
                accumulator[s] = null;
                next[before] = next[s];
                if (slotTail[slot] == s) {
                    slotTail[slot] = before;
                }
            } else {
                before = s;
            }
        }
        if (into == NONE) {
            into = newSession(slot, from, to);
        } else {
            start[into] = Math.min(start[into], from);
            end[into] = Math.max(end[into], to);
        }
        accumulator[into] = fold.apply(accumulator[into], element);
        bypass.folded();
        if (keys == keyCapacity && keyCapacity < MAX_KEYS) {
            growKeys();
        }
    }

    private int newSession(int slot, long from, long to) {
        if (sessions == start.length) {
            int capacity = Math.min(sessions * 2, MAX_SESSIONS);
            start = Arrays.copyOf(start, capacity);
            end = Arrays.copyOf(end, capacity);
            accumulator = Arrays.copyOf(accumulator, capacity);
            next = Arrays.copyOf(next, capacity);
        }
        int s = sessions++;
        start[s] = from;
        end[s] = to;
        next[s] = NONE;
        if (slotTail[slot] == NONE) {
            slotHead[slot] = s;
        } else {
            next[slotTail[slot]] = s;
        }
        slotTail[slot] = s;
        return s;
    }

    /** Doubles the key table, keeping every key and its sessions. */
    private void growKeys() {
        Object[] oldKeys = slotKey;
        int[] oldHeads = slotHead;
        int[] oldTails = slotTail;
        int[] order = used;
        int n = keys;
        allocateKeys(keyCapacity * 2);
        for (int i = 0; i < n; i++) {
            int from = order[i];
            int to = slotOf(oldKeys[from]);
            slotKey[to] = oldKeys[from];
            slotHead[to] = oldHeads[from];
            slotTail[to] = oldTails[from];
            used[i] = to;
        }
    }

    /** The slot of {@code key}: the one holding it, or the free one where it goes. */
    private int slotOf(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        int slot = (h ^ h >>> 15) & mask;
        Object k;
        while ((k = slotKey[slot]) != null && !k.equals(key)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Whether the table can take no more keys or sessions: the owner drains it then. */
    boolean isFull() {
        return keys == MAX_KEYS || sessions == MAX_SESSIONS;
    }

    /** Sessions held (merged-away ones included until the next drain). */
    int sessions() {
        return sessions;
    }

    /**
     * Hands every session to {@code drain}, key by key in the order keys came and each key's in the
     * order they were opened (in a stream in about time order, the earliest first, so the state
     * registers one timer for the key rather than one per session), and forgets them.
     */
    void drain(Drain drain) throws Exception {
        bypass.drained(sessions, isFull());
        int n = keys;
        int taken = sessions;
        try {
            for (int i = 0; i < n; i++) {
                int slot = used[i];
                boolean first = true;
                for (int s = slotHead[slot]; s != NONE; s = next[s]) {
                    drain.accept(slotKey[slot], first, start[s], end[s], accumulator[s]);
                    first = false;
                }
            }
        } finally { // empty afterwards, also when the drain threw
            for (int i = 0; i < n; i++) {
                slotKey[used[i]] = null;
            }
            Arrays.fill(accumulator, 0, taken, null);
            keys = 0;
            sessions = 0;
        }
    }
}
