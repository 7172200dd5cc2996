package io.sluice.api.time;

import java.io.Serializable;

/** Creates one {@link WatermarkGenerator} per split or subtask. */
@FunctionalInterface
public interface WatermarkGeneratorSupplier<T> extends Serializable {
    WatermarkGenerator<T> create();
}
