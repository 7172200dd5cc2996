package io.sluice.runtime.checkpoint;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Lineage ids: one per job that starts fresh, inherited by every run and every job that starts from
 * one of its checkpoints or savepoints. Sixteen hex digits (64 random bits): short enough to go into
 * file and transaction names, long enough that two jobs never share one.
 */
public final class Lineage {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Lineage() {
    }

    /** A new lineage id. */
    public static String create() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
