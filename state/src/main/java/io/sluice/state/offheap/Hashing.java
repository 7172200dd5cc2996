package io.sluice.state.offheap;

import org.agrona.UnsafeApi;

/** A fast, well-mixed hash of native bytes (8 bytes at a time, then a murmur3 finalizer). */
final class Hashing {

    private static final long M = 0x9E3779B97F4A7C15L;

    private Hashing() {
    }

    static int hash(long address, int length) {
        long h = length * M;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = (h ^ UnsafeApi.getLong(address + i)) * M;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8) {
            tail |= (UnsafeApi.getByte(address + i) & 0xFFL) << shift;
        }
        h = (h ^ tail) * M;
        // murmur3 fmix64
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb3f9fe1a85ecL;
        h ^= h >>> 33;
        return (int) h;
    }
}
