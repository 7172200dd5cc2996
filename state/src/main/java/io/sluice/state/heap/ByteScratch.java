package io.sluice.state.heap;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;

/** A reusable buffer that serializers write a key or a value into, for a heap snapshot. Task thread. */
final class ByteScratch {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(buffer);

    void reset() {
        buffer.reset();
    }

    DataOutputStream out() {
        return out;
    }

    int size() {
        return buffer.size();
    }

    byte[] toByteArray() {
        return buffer.toByteArray();
    }
}
