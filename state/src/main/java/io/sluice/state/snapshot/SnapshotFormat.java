package io.sluice.state.snapshot;

/**
 * The key-group snapshot file, version 3: the keyed state of a range of key groups of one operator,
 * as either backend writes and restores it. All numbers are big-endian; "UTF" is
 * {@link java.io.DataOutput#writeUTF}.
 *
 * <pre>
 * header:  magic "SLKG" · version (3) · maxParallelism · first key group · last key group
 *          · key type · state count
 *          · per state, sorted by name: name (UTF) · kind (byte, {@link TableKind}) · time to live (byte 0/1)
 *            · value type · map-key type
 * type:    origin (byte): 0 unknown | 1 inferred: class name (UTF) · type name (UTF) | 2 declared: type name (UTF)
 *          (see {@link TypeRecord}; value types are those of the value serializer inside time to live)
 * blocks:  per key group, first to last: key group
 *          · per state, in header order: entry count · entries sorted by their key bytes (unsigned,
 *            a prefix first): key length · key bytes · then for map state its entry count and its
 *            entries sorted by map-key bytes (map-key length · bytes · value length · bytes), for
 *            any other kind the value length · value bytes
 * trailer: magic "SLKE" · number of blocks
 *          · CRC32C of every byte of the file before it, from the first byte of the magic (long)
 * </pre>
 *
 * Keys and values are the backend's entry bytes: a state's key is {@link StateKeyLayout} (key then
 * namespace), a list's value {@link ListValueLayout}, a timer's key and value
 * {@link TimerEntryLayout}. Sorted entries and states make the file a function of the content only:
 * both backends write the same bytes for the same state.
 *
 * <p><b>The checksum comes first.</b> A reader finds the checksum by the file's size alone (its last
 * 8 bytes) and compares it with the CRC32C of everything before it before it interprets a single
 * byte: not the magic, not the version, not a length. So a changed or missing byte anywhere is
 * reported as what it is, a corrupt file (CRC32C detects every change of up to 32 consecutive
 * bits, so every changed byte), and never as whatever the changed byte would make of the structure
 * (a timer of 0 key bytes, an impossible length, another key group or version). Only in a file
 * whose checksum is right are the magic, the version, the max parallelism and the structure
 * checked; an error there means the file was written wrong, or is of another kind or version.
 *
 * <p><b>Versions.</b> Every version from 3 on ends with this checksum, so the checksum can be checked
 * whatever the version, and a file of another version is reported as such (naming its version)
 * exactly when its checksum is right; a file whose checksum is wrong is corrupt, whatever its
 * version field says, since that field may be the byte that changed. Versions 1 and 2 had no
 * checksum over the whole file (version 2 had one per section, found only by interpreting the
 * section, and none over its trailer), so their files fail the checksum and are refused as
 * corrupt: no snapshot of either was ever kept across a release.
 */
public final class SnapshotFormat {

    static final int MAGIC = 0x534C4B47; // "SLKG"
    static final int END_MAGIC = 0x534C4B45; // "SLKE"
    public static final int VERSION = 3;
    /** The trailing CRC32C of every byte before it, written as a long. */
    static final int CHECKSUM_BYTES = Long.BYTES;
    /** No key, value or map is larger than this: a length beyond it means a malformed file. */
    static final int MAX_LENGTH = 1 << 30;
    /** More states than this in one operator means a malformed file. */
    static final int MAX_STATES = 1 << 16;

    private SnapshotFormat() {
    }
}
