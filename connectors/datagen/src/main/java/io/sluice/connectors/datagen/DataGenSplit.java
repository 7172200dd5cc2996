package io.sluice.connectors.datagen;

import io.sluice.api.connector.SourceSplit;

/**
 * A share of a {@link DataGenSource}'s indices: {@code next, next + stride, next + 2 * stride, ...}
 * below {@code end}. Split {@code i} of {@code p} starts at {@code i} with stride {@code p}, so the
 * splits are disjoint, together cover every index, and advance through the index space at the same
 * pace (index order stays close to time order across subtasks). Immutable: {@code next} is the
 * position at the time the split object was made.
 *
 * @param number the split's number, unique within its source
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

    /** The same split at position {@code newNext}. */
    public DataGenSplit at(long newNext) {
        return new DataGenSplit(number, stride, newNext, end);
    }
}
