package io.sluice.state.snapshot;

/**
 * One entry of a state as a snapshot holds it: its key bytes and either its value bytes or, for map
 * state, its map's entries.
 *
 * @param value      the value's bytes; null for map state
 * @param mapEntries a map state's entries, alternating map-key bytes and value bytes, sorted by
 *                   map key; null for other kinds
 */
public record EntryBytes(byte[] key, byte[] value, byte[][] mapEntries) {

    public static EntryBytes of(byte[] key, byte[] value) {
        return new EntryBytes(key, value, null);
    }

    public static EntryBytes ofMap(byte[] key, byte[][] mapEntries) {
        return new EntryBytes(key, null, mapEntries);
    }

    /** Number of map entries (for map state). */
    public int mapSize() {
        return mapEntries.length / 2;
    }
}
