package io.sluice.api.functions;

/**
 * A {@link DoubleExtractor} with {@link #getRuntimeContext()}, for {@code sum}, {@code min},
 * {@code max}, {@code minBy} and {@code maxBy} by extractor: metrics can be reached from
 * {@code extract}. (Flink has no extractors; its field positions have no functions to enrich.)
 */
public abstract class RichDoubleExtractor<T> extends AbstractRichFunction implements DoubleExtractor<T> {

    private static final long serialVersionUID = 1L;
}
