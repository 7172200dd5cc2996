package io.sluice.connectors.datagen;

import io.sluice.api.connector.SourceSplit;

import java.util.ArrayList;
import java.util.List;

/**
 * A share of a {@link DataGenSource}'s indices: {@code next, next + stride, next + 2 * stride, ...}
 * below {@code end}. Split {@code i} of {@code p} starts at {@code i} with stride {@code p}, so the
 * splits are disjoint, together cover every index, and advance through the index space at the same
 * pace (index order stays close to time order across subtasks). Immutable: {@code next} is the
 * position at the time the split object was made.
 *
 * <p>A restore at another parallelism may {@link #cut} a split into finer ones (see
 * {@link DataGenSource#redistributeSplits}). Whatever the cuts, the splits of a source hold disjoint
 * residue classes: split {@code (number, stride)} holds the indices {@code number + j * stride} with
 * {@code number < stride}. Two splits never share a number (both would hold the index
 * {@code number}), so the number makes a unique, stable id.
 *
 * @param number the split's number, unique within its source: the residue modulo {@code stride} of
 *               its indices
 * @param stride the distance between two indices of this split, at least 1
 * @param next   the next index to emit
 * @param end    the first index not to emit ({@code Long.MAX_VALUE} for an unbounded source)
 */
public record DataGenSplit(int number, int stride, long next, long end) implements SourceSplit {

    public DataGenSplit {
        if (number < 0) {
            throw new IllegalArgumentException("split number must be >= 0, got " + number);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride of split " + number + " must be >= 1, got " + stride);
        }
        if (number >= stride) {
            throw new IllegalArgumentException("split number " + number + " must be below its stride " + stride
                    + " (it is the residue of the split's indices modulo the stride)");
        }
        if (next < 0 || next > end) {
            throw new IllegalArgumentException("position " + next + " of split " + number
                    + " must be in [0, end=" + end + "]");
        }
    }

    @Override
    public String splitId() {
        return "datagen-" + number;
    }

    /** True when no index is left to emit. */
    public boolean isFinished() {
        return next >= end;
    }

    /** The number of indices left to emit; without overflow, even for an unbounded split. */
    public long remaining() {
        return next >= end ? 0 : (end - next - 1) / stride + 1;
    }

    /**
     * The indices left in this split, cut into {@code parts} splits of stride {@code parts * stride}:
     * part {@code j} starts at {@code next + j * stride}, so the parts together hold exactly this
     * split's remaining indices, each once. Parts that would start at or after {@code end} are left
     * out, so at most {@link #remaining()} parts come back. Each part's number is the residue of its
     * first index modulo its stride.
     *
     * @throws IllegalArgumentException if {@code parts} is below 1 or the new stride exceeds
     *                                  {@code Integer.MAX_VALUE}
     */
    public List<DataGenSplit> cut(int parts) {
        if (parts < 1 || (long) parts * stride > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot cut split " + number + " (stride " + stride + ") into "
                    + parts + " parts: parts must be >= 1 and parts * stride <= " + Integer.MAX_VALUE);
        }
        int newStride = parts * stride;
        long count = Math.min(parts, remaining());
        List<DataGenSplit> cut = new ArrayList<>((int) count);
        for (int j = 0; j < count; j++) {
            long first = next + (long) j * stride; // below end, as j < remaining(): no overflow
            cut.add(new DataGenSplit((int) (first % newStride), newStride, first, end));
        }
        return cut;
    }

    /** The same split at position {@code newNext}. */
    public DataGenSplit at(long newNext) {
        return new DataGenSplit(number, stride, newNext, end);
    }
}
