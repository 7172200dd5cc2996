package io.sluice.api;

/** A value computed for a key, as emitted by the extractor forms of {@code sum}/{@code min}/{@code max}. */
public record KeyedValue<K, V>(K key, V value) {
}
