package io.sluice.runtime.operators.window;

import org.agrona.DirectBuffer;

import java.io.DataInput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Reads serialized values straight out of a record's bytes (on or off the heap), big-endian like
 * {@link java.io.DataInputStream}; reused, no allocation of its own.
 */
final class BufferDataInput implements DataInput {

    private DirectBuffer buffer;
    private int position;
    private int limit;

    BufferDataInput wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        return this;
    }

    int position() {
        return position;
    }

    private int take(int n) throws EOFException {
        int at = position;
        if (at + n > limit) {
            throw new EOFException("read past the end of a value of " + (limit - at) + " remaining bytes");
        }
        position = at + n;
        return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        buffer.getBytes(take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) throws IOException {
        int skipped = Math.min(n, limit - position);
        position += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return buffer.getByte(take(1)) != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return buffer.getByte(take(1));
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return buffer.getByte(take(1)) & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
        return buffer.getShort(take(2), ByteOrder.BIG_ENDIAN);
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException {
        return buffer.getChar(take(2), ByteOrder.BIG_ENDIAN);
    }

    @Override
    public int readInt() throws IOException {
        return buffer.getInt(take(4), ByteOrder.BIG_ENDIAN);
    }

    @Override
    public long readLong() throws IOException {
        return buffer.getLong(take(8), ByteOrder.BIG_ENDIAN);
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("readLine");
    }

    @Override
    public String readUTF() throws IOException {
        return java.io.DataInputStream.readUTF(this);
    }
}
