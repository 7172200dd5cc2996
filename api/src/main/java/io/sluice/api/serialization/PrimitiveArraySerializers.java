package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Arrays of {@code long}, {@code int} and {@code double}: a length, then the elements. */
final class PrimitiveArraySerializers {

    private PrimitiveArraySerializers() {
    }

    static final TypeSerializer<long[]> LONGS = new TypeSerializer<>() {
        public void serialize(long[] v, DataOutput out) throws IOException {
            out.writeInt(v.length);
            for (long x : v) {
                out.writeLong(x);
            }
        }

        public long[] deserialize(DataInput in) throws IOException {
            long[] v = new long[length(in)];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readLong();
            }
            return v;
        }

        public String typeName() {
            return "long[]";
        }
    };

    static final TypeSerializer<int[]> INTS = new TypeSerializer<>() {
        public void serialize(int[] v, DataOutput out) throws IOException {
            out.writeInt(v.length);
            for (int x : v) {
                out.writeInt(x);
            }
        }

        public int[] deserialize(DataInput in) throws IOException {
            int[] v = new int[length(in)];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readInt();
            }
            return v;
        }

        public String typeName() {
            return "int[]";
        }
    };

    static final TypeSerializer<double[]> DOUBLES = new TypeSerializer<>() {
        public void serialize(double[] v, DataOutput out) throws IOException {
            out.writeInt(v.length);
            for (double x : v) {
                out.writeDouble(x);
            }
        }

        public double[] deserialize(DataInput in) throws IOException {
            double[] v = new double[length(in)];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readDouble();
            }
            return v;
        }

        public String typeName() {
            return "double[]";
        }
    };

    private static int length(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative array length " + n + ": the bytes are not an array of this type");
        }
        return n;
    }
}
