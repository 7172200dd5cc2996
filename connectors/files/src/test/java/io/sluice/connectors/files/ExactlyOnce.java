package io.sluice.connectors.files;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks the committed lines {@code key:seq:value} of {@link CrashTestJob} against its input, the
 * values {@code 0..count-1} keyed by {@code value % keys}, whose sequence numbers count each key's
 * values from 1.
 */
final class ExactlyOnce {

    private static final int SHOWN = 20;

    private ExactlyOnce() {
    }

    /** Every value once, on the line of its key, and each key's sequence numbers exactly 1..n. */
    static void assertExactlyOnce(List<String> lines, long count, int keys) {
        Parsed p = parse(lines, count, keys);
        assertThat(p.missing).as("values never committed: %d (first %d)", p.missingCount, SHOWN).isEmpty();
        assertThat(p.duplicated).as("values committed more than once: %d (first %d)", p.duplicatedCount, SHOWN)
                .isEmpty();
        assertThat(lines).hasSize((int) count);
        for (int k = 0; k < keys; k++) {
            List<Long> s = p.seqs.get(k);
            s.sort(null);
            assertThat(s).as("sequence numbers of key %d", k).hasSize(valuesOfKey(k, count, keys));
            for (int i = 0; i < s.size(); i++) {
                if (s.get(i) != i + 1) {
                    fail("key " + k + ": sequence number " + (i + 1) + " expected at position " + i + ", found "
                            + s.get(i) + " (a gap or a repeat: state and output disagree after the restore)");
                }
            }
        }
    }

    /**
     * Every value at least once, on the line of its key, and each key's distinct sequence numbers
     * exactly 1..n: repeats are allowed (a run went back to an older checkpoint), losses are not.
     */
    static void assertAtLeastOnce(List<String> lines, long count, int keys) {
        Parsed p = parse(lines, count, keys);
        assertThat(p.missing).as("values never committed: %d (first %d)", p.missingCount, SHOWN).isEmpty();
        for (int k = 0; k < keys; k++) {
            TreeSet<Long> distinct = new TreeSet<>(p.seqs.get(k));
            int n = valuesOfKey(k, count, keys);
            assertThat(distinct.size()).as("distinct sequence numbers of key %d", k).isEqualTo(n);
            assertThat(distinct.first()).as("first sequence number of key %d", k).isEqualTo(1L);
            assertThat(distinct.last()).as("last sequence number of key %d", k).isEqualTo((long) n);
        }
    }

    private static int valuesOfKey(int key, long count, int keys) {
        return (int) ((count - key + keys - 1) / keys);
    }

    private static final class Parsed {
        final List<List<Long>> seqs = new ArrayList<>();
        final List<Long> missing = new ArrayList<>();
        final List<Long> duplicated = new ArrayList<>();
        int missingCount;
        int duplicatedCount;
    }

    private static Parsed parse(List<String> lines, long count, int keys) {
        int n = (int) count;
        int[] seen = new int[n];
        Parsed p = new Parsed();
        for (int k = 0; k < keys; k++) {
            p.seqs.add(new ArrayList<>());
        }
        List<String> wrong = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(":");
            long key = Long.parseLong(f[0]);
            long seq = Long.parseLong(f[1]);
            long value = Long.parseLong(f[2]);
            if (value < 0 || value >= n || key != value % keys) {
                wrong.add(line);
                continue;
            }
            seen[(int) value]++;
            p.seqs.get((int) key).add(seq);
        }
        assertThat(wrong).as("lines with a value out of range or on the wrong key").isEmpty();
        for (int v = 0; v < n; v++) {
            if (seen[v] == 0) {
                p.missingCount++;
                if (p.missing.size() < SHOWN) {
                    p.missing.add((long) v);
                }
            } else if (seen[v] > 1) {
                p.duplicatedCount++;
                if (p.duplicated.size() < SHOWN) {
                    p.duplicated.add((long) v);
                }
            }
        }
        return p;
    }
}
