package io.sluice.runtime.operators.window;

/**
 * When a heap table of folds ({@link SliceFolds}, {@link SessionFolds}) is not worth its cost.
 * Folding pays only when keys repeat between two drains. When a full table, with the drains since
 * the last full one, had folded fewer than two elements per entry (about as many keys as elements,
 * a million keys say), the owner is told to pass elements on unfolded for a while:
 * {@link #BYPASS_RECORDS} at first, twice as long after each try that failed again, up to
 * {@link #MAX_BYPASS_RECORDS}, back to the first length after a drain that folded. Task thread only.
 */
final class FoldBypass {

    /** Elements passed on unfolded after a full table folded too few, before folding is tried again. */
    static final long BYPASS_RECORDS = 1 << 20;
    /** The longest such stretch, after tries that kept failing. */
    static final long MAX_BYPASS_RECORDS = 1 << 26;

    /** Elements folded since the last drain. */
    private long folded;
    /**
     * Entries and elements of the drains since the last full one. A full table is judged on all of
     * them, not on its own share: a drain at a watermark can come just before a new slice, and the
     * table that then fills has had a fraction of a slice to fold in.
     */
    private long entriesSinceJudged;
    private long foldedSinceJudged;
    /** Elements still to pass on unfolded before folding again. */
    private long bypass;
    /** How long the next stretch of unfolded elements lasts, if folding fails again. */
    private long nextBypass = BYPASS_RECORDS;

    /** Whether the next element is to be passed on unfolded (counts it as passed). */
    boolean bypassing() {
        if (bypass > 0) {
            bypass--;
            return true;
        }
        return false;
    }

    /** One element was folded. */
    void folded() {
        folded++;
    }

    /**
     * The table is being drained with {@code entries} entries; {@code full} when it could take no
     * more (or the owner drains it as if it could not: a new slice with many entries held).
     */
    void drained(int entries, boolean full) {
        if (entries > 0 && foldedWell(folded, entries)) {
            nextBypass = BYPASS_RECORDS; // this drain folded: the stretches start over
        }
        entriesSinceJudged += entries;
        foldedSinceJudged += folded;
        folded = 0;
        if (!full) {
            return;
        }
        if (!foldedWell(foldedSinceJudged, entriesSinceJudged)) {
            bypass = nextBypass; // about as many keys as elements between drains: folding only costs
            nextBypass = Math.min(nextBypass * 2, MAX_BYPASS_RECORDS);
        }
        entriesSinceJudged = 0;
        foldedSinceJudged = 0;
    }

    /** Two elements or more per entry: keys repeated enough between drains for folding to pay. */
    private static boolean foldedWell(long folded, long entries) {
        return folded >= 2 * entries;
    }
}
