package io.sluice.runtime.operators.window;

import org.agrona.ExpandableArrayBuffer;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;

/**
 * Serializes values into a growable scratch buffer, big-endian like {@link DataOutputStream}, to
 * be copied into a record; reused, so nothing is allocated once it has grown to the largest value.
 */
final class BufferDataOutput implements DataOutput {

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private int position;

    BufferDataOutput reset() {
        position = 0;
        return this;
    }

    ExpandableArrayBuffer buffer() {
        return buffer;
    }

    int position() {
        return position;
    }

    @Override
    public void write(int b) {
        buffer.putByte(position++, (byte) b);
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
        // DataOutputStream's modified UTF-8, through a stream onto this output
        try {
            DataOutputStream utf = new DataOutputStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    BufferDataOutput.this.write(b);
                }
            });
            utf.writeUTF(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
