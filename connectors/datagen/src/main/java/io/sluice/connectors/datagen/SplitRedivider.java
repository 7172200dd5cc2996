package io.sluice.connectors.datagen;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-divides the restored splits of a {@link DataGenSource} for a new parallelism, exactly: every
 * unfinished split is {@linkplain DataGenSplit#cut cut} into {@code k} finer splits (or kept whole,
 * {@code k = 1}), finished splits are dropped. Stateless; runs once per restore on the thread that
 * builds the job.
 *
 * <p>How {@code k} is chosen, for {@code m} unfinished splits and {@code p} subtasks (the runtime
 * deals split {@code i} to subtask {@code i % p}):
 * <ol>
 *   <li>the smallest {@code k} that deals every subtask the same number of splits ({@code m * k} a
 *       multiple of {@code p}) or at least {@value #SPLITS_PER_SUBTASK} each (then no subtask gets
 *       more than 5/4 of another's count). Scaling down to a divisor of {@code m}, or to a quarter of
 *       it or less, keeps the splits whole;</li>
 *   <li>if splits near their end yield fewer than {@code p} parts that way, the smallest larger
 *       {@code k} that yields {@code p} (or one split per index left, when fewer remain), so that no
 *       subtask idles while another has indices to spare;</li>
 *   <li>never beyond a stride of {@code Integer.MAX_VALUE}: a split that cannot be cut that fine is
 *       cut less.</li>
 * </ol>
 * A cut happens only when there are fewer than {@value #SPLITS_PER_SUBTASK} splits per subtask or
 * splits are nearly done, so repeated rescales do not multiply the number of splits without bound.
 */
final class SplitRedivider {

    /** Splits per subtask beyond which an uneven deal is accepted rather than cutting further. */
    static final int SPLITS_PER_SUBTASK = 4;

    private SplitRedivider() {
    }

    /**
     * The unfinished positions of {@code restored}, in at least {@code parallelism} splits when that
     * many indices are left: the parts of each restored split in turn, in the order given.
     */
    static List<DataGenSplit> redivide(List<DataGenSplit> restored, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1 to redistribute datagen splits, got "
                    + parallelism);
        }
        List<DataGenSplit> open = new ArrayList<>(restored.size());
        for (DataGenSplit split : restored) {
            if (!split.isFinished()) {
                open.add(split);
            }
        }
        if (open.isEmpty()) {
            return open;
        }
        int k = partsPerSplit(open, parallelism);
        if (k == 1) {
            return open;
        }
        List<DataGenSplit> parts = new ArrayList<>();
        for (DataGenSplit split : open) {
            parts.addAll(split.cut(partsOf(split, k)));
        }
        return parts;
    }

    /** The {@code k} of the class comment. */
    static int partsPerSplit(List<DataGenSplit> open, int parallelism) {
        long m = open.size();
        long even = parallelism / gcd(m, parallelism);
        long enough = ceilDiv((long) SPLITS_PER_SUBTASK * parallelism, m);
        long k = Math.min(even, Math.max(1, enough));
        if (parts(open, k) >= parallelism) {
            return (int) k;
        }
        // Some splits are nearly done: cut finer, up to one split per remaining index (binary search,
        // as parts(k) grows with k).
        long high = 1;
        for (DataGenSplit split : open) {
            high = Math.max(high, partsOf(split, Integer.MAX_VALUE));
        }
        long low = k; // parts(low) < parallelism
        if (parts(open, high) < parallelism) {
            return (int) high;
        }
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (parts(open, mid) >= parallelism) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return (int) high;
    }

    /** The number of non-empty parts all splits give when each is cut into {@code k}. */
    private static long parts(List<DataGenSplit> open, long k) {
        long total = 0;
        for (DataGenSplit split : open) {
            total += partsOf(split, k);
        }
        return total;
    }

    /** How many parts {@code split} is cut into for {@code k}: no more than it has indices or its stride allows. */
    private static int partsOf(DataGenSplit split, long k) {
        long fit = Integer.MAX_VALUE / split.stride();
        return (int) Math.max(1, Math.min(k, Math.min(split.remaining(), fit)));
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
