package io.sluice.state.offheap;

import org.agrona.UnsafeApi;

import java.io.DataInput;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/**
 * A reusable {@link DataInput} over native memory ({@code [address, address + length)}), for
 * serializers reading stored keys and values without copying them first. Reading past the end is
 * an {@link EOFException} (a value shorter than its serializer expects: corrupt or mismatched).
 */
public final class OffHeapDataInput implements DataInput {

    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    private long address;
    private int length;
    private int position;

    /** The big-endian long (as {@link java.io.DataOutput#writeLong} wrote it) at {@code address}. */
    static long readLong(long address) {
        long v = UnsafeApi.getLong(address);
        return LITTLE_ENDIAN ? Long.reverseBytes(v) : v;
    }

    /** Reads {@code length} bytes at {@code address} next. */
    public OffHeapDataInput wrap(long address, int length) {
        this.address = address;
        this.length = length;
        this.position = 0;
        return this;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return length - position;
    }

    private long at(int bytes) throws EOFException {
        if (position + bytes > length) {
            throw new EOFException("state bytes end after " + length + " bytes, " + bytes + " more were read at "
                    + position + ": the stored value does not match its serializer");
        }
        long a = address + position;
        position += bytes;
        return a;
    }

    @Override
    public void readFully(byte[] b) throws EOFException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws EOFException {
        long a = at(len);
        UnsafeApi.copyMemory(null, a, b, org.agrona.BufferUtil.ARRAY_BASE_OFFSET + off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, length - position));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws EOFException {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws EOFException {
        return UnsafeApi.getByte(at(1));
    }

    @Override
    public int readUnsignedByte() throws EOFException {
        return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws EOFException {
        short v = UnsafeApi.getShort(at(2));
        return LITTLE_ENDIAN ? Short.reverseBytes(v) : v;
    }

    @Override
    public int readUnsignedShort() throws EOFException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws EOFException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws EOFException {
        int v = UnsafeApi.getInt(at(4));
        return LITTLE_ENDIAN ? Integer.reverseBytes(v) : v;
    }

    @Override
    public long readLong() throws EOFException {
        long v = UnsafeApi.getLong(at(8));
        return LITTLE_ENDIAN ? Long.reverseBytes(v) : v;
    }

    @Override
    public float readFloat() throws EOFException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws EOFException {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("readLine is not supported on state bytes; use readUTF");
    }

    @Override
    public String readUTF() throws EOFException {
        int n = readUnsignedShort();
        byte[] bytes = new byte[n];
        readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
