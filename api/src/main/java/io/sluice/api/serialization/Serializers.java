package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serializers for the common types: boxed primitives, {@code String}, {@code byte[]}, enums,
 * records whose components have serializers, and lists and maps of those. Found by class once, at
 * job-building time; never Java serialization.
 */
public final class Serializers {

    private Serializers() {
    }

    public static final TypeSerializer<Long> LONG = new Simple<>("Long") {
        public void serialize(Long v, DataOutput out) throws IOException { out.writeLong(v); }
        public Long deserialize(DataInput in) throws IOException { return in.readLong(); }
    };
    public static final TypeSerializer<Integer> INT = new Simple<>("Integer") {
        public void serialize(Integer v, DataOutput out) throws IOException { out.writeInt(v); }
        public Integer deserialize(DataInput in) throws IOException { return in.readInt(); }
    };
    public static final TypeSerializer<Short> SHORT = new Simple<>("Short") {
        public void serialize(Short v, DataOutput out) throws IOException { out.writeShort(v); }
        public Short deserialize(DataInput in) throws IOException { return in.readShort(); }
    };
    public static final TypeSerializer<Byte> BYTE = new Simple<>("Byte") {
        public void serialize(Byte v, DataOutput out) throws IOException { out.writeByte(v); }
        public Byte deserialize(DataInput in) throws IOException { return in.readByte(); }
    };
    public static final TypeSerializer<Double> DOUBLE = new Simple<>("Double") {
        public void serialize(Double v, DataOutput out) throws IOException { out.writeDouble(v); }
        public Double deserialize(DataInput in) throws IOException { return in.readDouble(); }
    };
    public static final TypeSerializer<Float> FLOAT = new Simple<>("Float") {
        public void serialize(Float v, DataOutput out) throws IOException { out.writeFloat(v); }
        public Float deserialize(DataInput in) throws IOException { return in.readFloat(); }
    };
    public static final TypeSerializer<Boolean> BOOLEAN = new Simple<>("Boolean") {
        public void serialize(Boolean v, DataOutput out) throws IOException { out.writeBoolean(v); }
        public Boolean deserialize(DataInput in) throws IOException { return in.readBoolean(); }
    };
    public static final TypeSerializer<Character> CHAR = new Simple<>("Character") {
        public void serialize(Character v, DataOutput out) throws IOException { out.writeChar(v); }
        public Character deserialize(DataInput in) throws IOException { return in.readChar(); }
    };
    /**
     * An int byte length, then each {@code char} on its own in UTF-8 form: 1 byte below U+0080, 2
     * below U+0800, else 3, surrogates included (CESU-8). Lossless for every Java string, unpaired
     * surrogates too; strings longer than 64 KiB work (unlike {@code writeUTF}); text without
     * supplementary characters is plain UTF-8. Malformed input is refused with an {@code IOException}.
     */
    public static final TypeSerializer<String> STRING = new Simple<>("String") {
        public void serialize(String v, DataOutput out) throws IOException {
            byte[] bytes = encodeChars(v);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        public String deserialize(DataInput in) throws IOException {
            int length = in.readInt();
            if (length < 0) {
                throw new IOException("malformed string: negative byte length " + length);
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return decodeChars(bytes);
        }
    };
    public static final TypeSerializer<byte[]> BYTES = new Simple<>("byte[]") {
        public void serialize(byte[] v, DataOutput out) throws IOException {
            out.writeInt(v.length);
            out.write(v);
        }

        public byte[] deserialize(DataInput in) throws IOException {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return bytes;
        }
    };

    /**
     * The serializer for {@code type}.
     *
     * @throws SerializationException naming the type and the fix when there is none
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> TypeSerializer<T> of(Class<T> type) {
        TypeSerializer<?> s = builtIn(type);
        if (s != null) {
            return (TypeSerializer<T>) s;
        }
        if (type.isEnum()) {
            return new EnumSerializer(type);
        }
        if (type.isRecord()) {
            return new RecordSerializer<>(type);
        }
        if (PojoSerializer.fits(type)) {
            return new PojoSerializer<>(type);
        }
        throw new SerializationException("no serializer for type " + type.getName()
                + ": supported are boxed primitives, String, arrays of byte/int/long/double, enums, records and"
                + " classes with a no-argument constructor whose fields are of those;"
                + " pass a TypeSerializer explicitly (e.g. to the state descriptor) for other types");
    }

    /** A list of elements written with {@code element}. */
    public static <T> TypeSerializer<List<T>> listOf(TypeSerializer<T> element) {
        return new Simple<>("List<" + element.typeName() + ">") {
            public void serialize(List<T> v, DataOutput out) throws IOException {
                out.writeInt(v.size());
                for (int i = 0; i < v.size(); i++) {
                    element.serialize(v.get(i), out);
                }
            }

            public List<T> deserialize(DataInput in) throws IOException {
                int n = in.readInt();
                List<T> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(element.deserialize(in));
                }
                return list;
            }
        };
    }

    /** A map written entry by entry with the key and value serializers. */
    public static <K, V> TypeSerializer<Map<K, V>> mapOf(TypeSerializer<K> key, TypeSerializer<V> value) {
        return new Simple<>("Map<" + key.typeName() + "," + value.typeName() + ">") {
            public void serialize(Map<K, V> v, DataOutput out) throws IOException {
                out.writeInt(v.size());
                for (Map.Entry<K, V> e : v.entrySet()) {
                    key.serialize(e.getKey(), out);
                    value.serialize(e.getValue(), out);
                }
            }

            public Map<K, V> deserialize(DataInput in) throws IOException {
                int n = in.readInt();
                Map<K, V> map = new HashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    map.put(key.deserialize(in), value.deserialize(in));
                }
                return map;
            }
        };
    }

    /**
     * The serializer of a type the job did not declare: it takes the serializer of the first value's
     * class and holds later values to it, failing with a message naming {@code where} and the fix
     * when that class has no serializer or another class comes along.
     */
    public static <T> TypeSerializer<T> undeclared(String where) {
        return new InferringSerializer<>(where);
    }

    private static TypeSerializer<?> builtIn(Class<?> type) {
        if (type == Long.class || type == long.class) return LONG;
        if (type == Integer.class || type == int.class) return INT;
        if (type == String.class) return STRING;
        if (type == Double.class || type == double.class) return DOUBLE;
        if (type == Boolean.class || type == boolean.class) return BOOLEAN;
        if (type == Float.class || type == float.class) return FLOAT;
        if (type == Short.class || type == short.class) return SHORT;
        if (type == Byte.class || type == byte.class) return BYTE;
        if (type == Character.class || type == char.class) return CHAR;
        if (type == byte[].class) return BYTES;
        if (type == long[].class) return PrimitiveArraySerializers.LONGS;
        if (type == int[].class) return PrimitiveArraySerializers.INTS;
        if (type == double[].class) return PrimitiveArraySerializers.DOUBLES;
        return null;
    }

    /** The bytes of {@link #STRING}, without the length: one array, sized exactly. */
    private static byte[] encodeChars(String v) throws IOException {
        int n = v.length();
        long size = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            size += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("string of " + n + " chars is too long to serialize: " + size + " bytes");
        }
        byte[] bytes = new byte[(int) size];
        int p = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < 0x80) {
                bytes[p++] = (byte) c;
            } else if (c < 0x800) {
                bytes[p++] = (byte) (0xC0 | (c >> 6));
                bytes[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                bytes[p++] = (byte) (0xE0 | (c >> 12));
                bytes[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return bytes;
    }

    /** The inverse of {@link #encodeChars}; refuses anything it would not have written. */
    private static String decodeChars(byte[] bytes) throws IOException {
        int length = bytes.length;
        char[] chars = new char[length];
        int n = 0;
        int p = 0;
        while (p < length) {
            int b0 = bytes[p] & 0xFF;
            if (b0 < 0x80) {
                chars[n++] = (char) b0;
                p++;
            } else if ((b0 & 0xE0) == 0xC0) {
                int b1 = continuation(bytes, p, 1);
                int c = ((b0 & 0x1F) << 6) | b1;
                if (c < 0x80) {
                    throw malformed("overlong 2-byte sequence", bytes, p);
                }
                chars[n++] = (char) c;
                p += 2;
            } else if ((b0 & 0xF0) == 0xE0) {
                int b1 = continuation(bytes, p, 1);
                int b2 = continuation(bytes, p, 2);
                int c = ((b0 & 0x0F) << 12) | (b1 << 6) | b2;
                if (c < 0x800) {
                    throw malformed("overlong 3-byte sequence", bytes, p);
                }
                chars[n++] = (char) c;
                p += 3;
            } else {
                throw malformed("bad lead byte 0x" + Integer.toHexString(b0).toUpperCase(), bytes, p);
            }
        }
        return new String(chars, 0, n);
    }

    /** The low six bits of the {@code k}-th byte after the lead byte at {@code p}, checked. */
    private static int continuation(byte[] bytes, int p, int k) throws IOException {
        if (p + k >= bytes.length) {
            throw malformed("truncated sequence (lead byte 0x"
                    + Integer.toHexString(bytes[p] & 0xFF).toUpperCase() + " at the end)", bytes, p);
        }
        int b = bytes[p + k] & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw malformed("bad continuation byte 0x" + Integer.toHexString(b).toUpperCase(), bytes, p + k);
        }
        return b & 0x3F;
    }

    private static IOException malformed(String problem, byte[] bytes, int at) {
        return new IOException("malformed string: " + problem + " at byte " + at + " of " + bytes.length);
    }

    private abstract static class Simple<T> implements TypeSerializer<T> {
        private final String typeName;

        Simple(String typeName) {
            this.typeName = typeName;
        }

        @Override
        public String typeName() {
            return typeName;
        }

        @Override
        public String toString() {
            return "Serializer<" + typeName + ">";
        }
    }

    private static final class EnumSerializer<E extends Enum<E>> extends Simple<E> {
        private final Class<E> type;
        private transient E[] constants;

        EnumSerializer(Class<E> type) {
            super(type.getName());
            this.type = type;
        }

        public void serialize(E v, DataOutput out) throws IOException {
            out.writeInt(v.ordinal());
        }

        public E deserialize(DataInput in) throws IOException {
            if (constants == null) {
                constants = type.getEnumConstants();
            }
            int ordinal = in.readInt();
            if (ordinal < 0 || ordinal >= constants.length) {
                throw new IOException("ordinal " + ordinal + " is not a constant of " + type.getName());
            }
            return constants[ordinal];
        }
    }

    /** Writes the record's components in order with a presence byte each; reflection happens once. */
    private static final class RecordSerializer<R> extends Simple<R> {
        private final Class<R> type;
        private transient RecordComponent[] components;
        private transient TypeSerializer<Object>[] serializers;
        private transient Constructor<R> constructor;

        RecordSerializer(Class<R> type) {
            super(type.getName());
            this.type = type;
            init();
        }

        @SuppressWarnings("unchecked")
        private void init() {
            components = type.getRecordComponents();
            serializers = new TypeSerializer[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                try {
                    serializers[i] = (TypeSerializer<Object>) of(types[i]);
                } catch (SerializationException e) {
                    throw new SerializationException("no serializer for component '" + components[i].getName()
                            + "' of record " + type.getName() + ": " + e.getMessage(), e);
                }
                components[i].getAccessor().setAccessible(true);
            }
            try {
                constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new SerializationException("record " + type.getName() + " has no canonical constructor", e);
            }
        }

        public void serialize(R v, DataOutput out) throws IOException {
            if (components == null) {
                init();
            }
            try {
                for (int i = 0; i < components.length; i++) {
                    Object c = components[i].getAccessor().invoke(v);
                    out.writeBoolean(c != null);
                    if (c != null) {
                        serializers[i].serialize(c, out);
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot read record " + type.getName(), e);
            }
        }

        public R deserialize(DataInput in) throws IOException {
            if (components == null) {
                init();
            }
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = in.readBoolean() ? serializers[i].deserialize(in) : null;
            }
            try {
                return constructor.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot create record " + type.getName(), e);
            }
        }
    }
}
