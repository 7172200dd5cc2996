package io.sluice.api.functions;

import java.io.Serializable;

/** The distance between two elements, for {@link io.sluice.api.windowing.DeltaEvictor} (Flink's {@code DeltaFunction}). */
@FunctionalInterface
public interface DeltaFunction<T> extends Serializable {

    double getDelta(T oldDataPoint, T newDataPoint);
}
