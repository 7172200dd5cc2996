package io.sluice.runtime.operators.window;

import java.util.Arrays;

/**
 * Sessions per key on the heap, for folding elements before they reach a session window's state
 * ({@link SessionWindowOperator}): each key's sessions since the last drain ({@link SessionList}),
 * merged by the same rule as in the state. No session here ends at or before the watermark: the
 * owner folds only elements that cannot be late, and drains the table before every watermark, so
 * the state merges the drained sessions as it would have merged their elements one by one.
 *
 * <p>Keys are found in an open-addressing table that starts at {@link #INITIAL_KEYS} keys and
 * doubles up to {@link #MAX_KEYS}, holding at most {@link #MAX_SESSIONS} sessions. One hash of the
 * key per element; a key's list is made when the key first comes after a drain and dropped at the
 * next drain, so the heap holds only what the table holds. What pays is the number of elements per
 * key between two drains (the owner edits each key's record once per drain), so a full table that
 * folded fewer than two elements per key is bypassed for a while ({@link FoldBypass}).
 *
 * <p>Elements are folded {@link #LOOKAHEAD} at a time: the key's slot, its session list and the
 * accumulator each element will fold into are read for all of them first, then the elements are
 * folded one by one in the order they came. At ten thousand keys those are cache misses on objects
 * all over the heap, which one element at a time would take strictly in turn; read together, a
 * batch's misses overlap. Every method that reads the table ({@link #touches}, {@link #drain})
 * folds the held elements first, so none is ever missing from what it sees. Task thread only.
 */
final class SessionFolds {

    /** Receives each key's sessions when the table is drained. */
    interface Drain {
        void accept(Object key, SessionList sessions) throws Exception;
    }

    static final int INITIAL_KEYS = 1024;
    static final int MAX_KEYS = 1 << 16;
    static final int MAX_SESSIONS = 1 << 17;
    /** Elements held before they are folded: enough misses in flight to hide most of their latency. */
    static final int LOOKAHEAD = 8;
    /** How many keys ahead a drain reads the accumulators it is about to serialize. */
    static final int DRAIN_AHEAD = 2;

    private final Fold fold;
    private final SessionList.Combine combine;
    private final FoldBypass bypass = new FoldBypass();

    private int keyCapacity;
    private int mask;
    private Object[] slotKey;
    /** Each key's sessions; null in a free slot. */
    private SessionList[] slotSessions;
    /** The slots in use, in the order they were taken: drained in that order. */
    private int[] used;
    private int keys;
    private int sessions;

    private final Object[] heldKey = new Object[LOOKAHEAD];
    private final long[] heldFrom = new long[LOOKAHEAD];
    private final long[] heldTo = new long[LOOKAHEAD];
    private final Object[] heldElement = new Object[LOOKAHEAD];
    /** Each held element's slot while it is read ahead: ints, since a reference stored into a long-lived array costs a write barrier. */
    private final int[] heldSlot = new int[LOOKAHEAD];
    private int held;
    /** Where the reads ahead leave a result, so that the compiler keeps them. */
    private int readAhead;

    SessionFolds(Fold fold, SessionList.Combine combine) {
        this.fold = fold;
        this.combine = combine;
        allocateKeys(INITIAL_KEYS);
    }

    private void allocateKeys(int capacity) {
        keyCapacity = capacity;
        mask = capacity * 2 - 1;
        slotKey = new Object[capacity * 2];
        slotSessions = new SessionList[capacity * 2];
        used = new int[capacity + LOOKAHEAD]; // a full table still folds the rest of a batch
    }

    /** Whether the next element is to be passed on unfolded (counts it as passed). */
    boolean bypassing() {
        return bypass.bypassing();
    }

    /**
     * Whether an element of {@code key} whose session would be {@code [from, to)} touches one of
     * the key's sessions here (then it is not late, whatever the watermark).
     */
    boolean touches(Object key, long from, long to) throws Exception {
        foldHeld();
        int slot = slotOf(key);
        return slotKey[slot] != null && slotSessions[slot].touches(from, to);
    }

    /**
     * Folds {@code element} of {@code key}, whose own session is {@code [from, to)}, into the key's
     * session it touches, merging the sessions it bridges, or into a new session: held until
     * {@link #LOOKAHEAD} elements are, then folded with theirs.
     */
    void add(Object key, long from, long to, Object element) throws Exception {
        int i = held;
        heldKey[i] = key;
        heldFrom[i] = from;
        heldTo[i] = to;
        heldElement[i] = element;
        held = i + 1;
        if (held == LOOKAHEAD) {
            foldHeld();
        }
    }

    /**
     * Reads ahead what each held element will touch, then folds them in the order they came. The
     * reads go in stages, each stage for every element before the next, so that the misses of one
     * stage are independent of each other and overlap: the key's slot and list; the list's arrays;
     * the accumulator the element folds into.
     */
    private void foldHeld() throws Exception {
        int n = held;
        if (n == 0) {
            return;
        }
        held = 0; // nothing is folded twice, even when a fold throws
        int[] slots = heldSlot;
        int sink = 0;
        for (int i = 0; i < n; i++) {
            int slot = slotOf(heldKey[i]);
            slots[i] = slot;
            SessionList list = slotSessions[slot];
            sink += list == null ? 0 : list.size();
        }
        for (int i = 0; i < n; i++) {
            SessionList list = slotSessions[slots[i]];
            if (list != null) {
                sink += list.readArraysAhead();
            }
        }
        for (int i = 0; i < n; i++) {
            SessionList list = slotSessions[slots[i]];
            if (list != null) {
                sink += list.readAccumulatorAhead(heldFrom[i]);
            }
        }
        readAhead += sink;
        try {
            for (int i = 0; i < n; i++) {
                fold(heldKey[i], heldFrom[i], heldTo[i], heldElement[i]);
            }
        } finally {
            Arrays.fill(heldKey, 0, n, null); // hold no element past its turn
            Arrays.fill(heldElement, 0, n, null);
        }
    }

    private void fold(Object key, long from, long to, Object element) throws Exception {
        int slot = slotOf(key);
        SessionList list = slotSessions[slot];
        if (list == null) {
            slotKey[slot] = key;
            list = new SessionList();
            slotSessions[slot] = list;
            used[keys++] = slot;
        }
        int before = list.size();
        list.addElement(from, to, element, fold, combine);
        sessions += list.size() - before;
        bypass.folded();
        if (keys == keyCapacity && keyCapacity < MAX_KEYS) {
            growKeys();
        }
    }

    /** Doubles the key table, keeping every key and its sessions. */
    private void growKeys() {
        Object[] oldKeys = slotKey;
        SessionList[] oldSessions = slotSessions;
        int[] order = used;
        int n = keys;
        allocateKeys(keyCapacity * 2);
        for (int i = 0; i < n; i++) {
            int from = order[i];
            int to = slotOf(oldKeys[from]);
            slotKey[to] = oldKeys[from];
            slotSessions[to] = oldSessions[from];
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

    /**
     * Whether the table can take no more keys or sessions: the owner drains it then. Judged on the
     * elements folded so far, so a table may pass its limits by the rest of a batch.
     */
    boolean isFull() {
        return keys >= MAX_KEYS || sessions >= MAX_SESSIONS;
    }

    /** Hands each key's sessions to {@code drain}, keys in the order they came, and forgets them. */
    void drain(Drain drain) throws Exception {
        foldHeld();
        bypass.drained(keys, isFull());
        int n = keys;
        try {
            int sink = 0;
            for (int i = 0; i < n; i++) {
                if (i + DRAIN_AHEAD < n) { // the accumulators a key's drain serializes, read a few keys before
                    sink += slotSessions[used[i + DRAIN_AHEAD]].readAccumulatorsAhead();
                }
                int slot = used[i];
                drain.accept(slotKey[slot], slotSessions[slot]);
            }
            readAhead += sink;
        } finally { // empty afterwards, also when the drain threw
            for (int i = 0; i < n; i++) {
                int slot = used[i];
                slotKey[slot] = null;
                slotSessions[slot] = null;
            }
            keys = 0;
            sessions = 0;
        }
    }
}
