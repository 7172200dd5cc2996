package io.sluice.state.snapshot;

/**
 * The key-group snapshot file, version 2: the keyed state of a range of key groups of one operator,
 * as either backend writes and restores it. All numbers are big-endian; "UTF" is
 * {@link java.io.DataOutput#writeUTF}.
 *
 * <pre>
 * header:  magic "SLKG" · version (2) · maxParallelism · first key group · last key group
 *          · key type · state count
 *          · per state, sorted by name: name (UTF) · kind (byte, {@link TableKind}) · time to live (byte 0/1)
 *            · value type · map-key type
 *          · CRC32C of the header (long)
 * type:    origin (byte): 0 unknown | 1 inferred: class name (UTF) · type name (UTF) | 2 declared: type name (UTF)
 *          (see {@link TypeRecord}; value types are those of the value serializer inside time to live)
 * blocks:  per key group, first to last: key group
 *          · per state, in header order: entry count · entries sorted by their key bytes (unsigned,
 *            a prefix first): key length · key bytes · then for map state its entry count and its
 *            entries sorted by map-key bytes (map-key length · bytes · value length · bytes), for
 *            any other kind the value length · value bytes
 *          · CRC32C of the block (long)
 * trailer: magic "SLKE" · number of blocks
 * </pre>
 *
 * Keys and values are the backend's entry bytes: a state's key is {@link StateKeyLayout} (key then
 * namespace), a list's value {@link ListValueLayout}, a timer's key and value
 * {@link TimerEntryLayout}. Sorted entries and states make the file a function of the content only:
 * both backends write the same bytes for the same state.
 *
 * <p>Version 1 (no types, unsorted, timer values in native byte order) is refused: no version 1
 * snapshot was ever kept across a release.
 */
public final class SnapshotFormat {

    static final int MAGIC = 0x534C4B47; // "SLKG"
    static final int END_MAGIC = 0x534C4B45; // "SLKE"
    public static final int VERSION = 2;
    /** No key, value or map is larger than this: a length beyond it means corruption. */
    static final int MAX_LENGTH = 1 << 30;
    /** More states than this in one operator means corruption. */
    static final int MAX_STATES = 1 << 16;

    private SnapshotFormat() {
    }
}
