package io.sluice.state;

/**
 * A kind of keyed state storage: the seam where the on-heap and off-heap backends plug in.
 * Selected by the {@code state.backend} option.
 */
public interface StateBackend {

    /** The name used in configuration, e.g. {@code heap}. */
    String name();

    KeyedStateBackend createKeyedStateBackend(KeyedBackendParameters parameters);
}
