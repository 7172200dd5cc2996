package io.sluice.api.graph;

import io.sluice.api.connector.Source;
import io.sluice.api.time.WatermarkStrategy;

import java.util.List;

/** A source with the watermark strategy applied per split. */
public final class SourceTransformation<T> extends Transformation<T> {

    private final Source<T, ?> source;
    private final WatermarkStrategy<T> watermarkStrategy;

    public SourceTransformation(int id, String name, Source<T, ?> source, WatermarkStrategy<T> watermarkStrategy) {
        super(id, name);
        this.source = source;
        this.watermarkStrategy = watermarkStrategy;
    }

    public Source<T, ?> source() {
        return source;
    }

    public WatermarkStrategy<T> watermarkStrategy() {
        return watermarkStrategy;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of();
    }
}
