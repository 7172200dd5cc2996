package io.sluice.state.ttl;

/** A stored value with the processing time it was last written (or read, when reads renew it). */
public record TtlValue<V>(V value, long lastAccess) {
}
