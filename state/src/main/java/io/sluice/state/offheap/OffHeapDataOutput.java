package io.sluice.state.offheap;

import org.agrona.ExpandableDirectByteBuffer;

import java.io.DataOutput;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A reusable {@link DataOutput} into a growable direct buffer: serializers write keys, namespaces
 * and values here without allocating, and the backend copies the bytes into the store. Multi-byte
 * values are big-endian, as {@link DataOutput} specifies, so stored bytes mean the same everywhere.
 */
public final class OffHeapDataOutput implements DataOutput {

    private final ExpandableDirectByteBuffer buffer;
    private int position;

    public OffHeapDataOutput(int initialCapacity) {
        buffer = new ExpandableDirectByteBuffer(initialCapacity);
    }

    /** Starts over at position 0. */
    public void reset() {
        position = 0;
    }

    /** Moves back to {@code position}, dropping what was written after it. */
    public void truncate(int position) {
        if (position < 0 || position > this.position) {
            throw new IllegalArgumentException("cannot truncate to " + position + " of " + this.position);
        }
        this.position = position;
    }

    public int position() {
        return position;
    }

    /** Native address of byte 0; valid until the next write (the buffer may grow and move). */
    public long address() {
        return buffer.addressOffset();
    }

    @Override
    public void write(int b) {
        buffer.putByte(position, (byte) b);
        position++;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buffer.putBytes(position, b, off, len);
        position += len;
    }

    /** Appends {@code length} bytes from native memory at {@code address}. */
    public void writeFrom(long address, int length) {
        buffer.checkLimit(position + length);
        org.agrona.UnsafeApi.copyMemory(address, buffer.addressOffset() + position, length);
        position += length;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        buffer.putShort(position, (short) v, ByteOrder.BIG_ENDIAN);
        position += 2;
    }

    @Override
    public void writeChar(int v) {
        buffer.putChar(position, (char) v, ByteOrder.BIG_ENDIAN);
        position += 2;
    }

    @Override
    public void writeInt(int v) {
        buffer.putInt(position, v, ByteOrder.BIG_ENDIAN);
        position += 4;
    }

    @Override
    public void writeLong(long v) {
        buffer.putLong(position, v, ByteOrder.BIG_ENDIAN);
        position += 8;
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            writeChar(s.charAt(i));
        }
    }

    @Override
    public void writeUTF(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 65535) {
            throw new IllegalArgumentException("writeUTF takes at most 65535 bytes, got " + bytes.length
                    + "; write longer strings with their length as an int");
        }
        writeShort(bytes.length);
        write(bytes);
    }
}
