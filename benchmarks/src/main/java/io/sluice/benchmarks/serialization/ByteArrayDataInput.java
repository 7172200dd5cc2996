package io.sluice.benchmarks.serialization;

import java.io.DataInput;
import java.io.EOFException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A reusable {@link DataInput} over a byte array, big-endian like {@code DataInputStream}: point it at
 * bytes with {@link #reset(byte[], int)} and read. Single-threaded. {@code readLine} and
 * {@code readUTF} are not supported (the Sluice serializers do not use them).
 */
final class ByteArrayDataInput implements DataInput {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer = new byte[0];
    private int position;
    private int limit;

    void reset(byte[] bytes, int length) {
        buffer = bytes;
        position = 0;
        limit = length;
    }

    int remaining() {
        return limit - position;
    }

    private int take(int n) throws EOFException {
        int p = position;
        if (n > limit - p) {
            throw new EOFException("need " + n + " bytes, " + (limit - p) + " left");
        }
        position = p + n;
        return p;
    }

    @Override
    public void readFully(byte[] b) throws EOFException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws EOFException {
        System.arraycopy(buffer, take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int k = Math.max(0, Math.min(n, limit - position));
        position += k;
        return k;
    }

    @Override
    public boolean readBoolean() throws EOFException {
        return buffer[take(1)] != 0;
    }

    @Override
    public byte readByte() throws EOFException {
        return buffer[take(1)];
    }

    @Override
    public int readUnsignedByte() throws EOFException {
        return buffer[take(1)] & 0xFF;
    }

    @Override
    public short readShort() throws EOFException {
        return (short) SHORT.get(buffer, take(2));
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
        return (int) INT.get(buffer, take(4));
    }

    @Override
    public long readLong() throws EOFException {
        return (long) LONG.get(buffer, take(8));
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
        throw new UnsupportedOperationException("readLine is not used by the Sluice serializers");
    }

    @Override
    public String readUTF() {
        throw new UnsupportedOperationException("readUTF is not used by the Sluice serializers");
    }
}
