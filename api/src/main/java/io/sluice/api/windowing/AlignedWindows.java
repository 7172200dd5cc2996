package io.sluice.api.windowing;

/**
 * Time windows on a fixed grid: a window of {@link #sizeMillis} starts every {@link #slideMillis}
 * (equal for tumbling windows), shifted by {@link #offsetMillis} from the epoch. The runtime uses
 * the grid to keep each key's aggregate in slices shared by overlapping windows.
 */
public interface AlignedWindows {

    long sizeMillis();

    long slideMillis();

    long offsetMillis();
}
