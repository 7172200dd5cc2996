package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

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
     * Writes without an intermediate array; reads with one temporary array (see {@link StringCodec}).
     */
    public static final TypeSerializer<String> STRING = new Simple<>("String") {
        public void serialize(String v, DataOutput out) throws IOException {
            StringCodec.write(v, out);
        }

        public String deserialize(DataInput in) throws IOException {
            return StringCodec.read(in);
        }
    };
    public static final TypeSerializer<byte[]> BYTES = new Simple<>("byte[]") {
        public void serialize(byte[] v, DataOutput out) throws IOException {
            out.writeInt(v.length);
            out.write(v);
        }

        public byte[] deserialize(DataInput in) throws IOException {
            byte[] bytes = new byte[count(in, "byte array length")];
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
                int n = v.size();
                out.writeInt(n);
                if (v instanceof RandomAccess) {
                    for (int i = 0; i < n; i++) {
                        element.serialize(v.get(i), out);
                    }
                } else { // a linked list: get(i) would walk the list each time
                    for (T e : v) {
                        element.serialize(e, out);
                    }
                }
            }

            public List<T> deserialize(DataInput in) throws IOException {
                int n = count(in, "list size");
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
                int n = count(in, "map size");
                // the smallest table that holds n entries without resizing at the default load factor 0.75
                Map<K, V> map = new HashMap<>(n < 3 ? n + 1 : (int) (n / 0.75f + 1.0f));
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

    /**
     * The serializer of a record component or field declared as {@code generic} (erasing to
     * {@code erased}): {@code List<E>} and {@code Map<K, V>} of types that have serializers get
     * {@link #listOf} and {@link #mapOf}; everything else is {@link #of(Class)} of its class.
     */
    static TypeSerializer<?> ofComponent(Type generic, Class<?> erased) {
        if (generic instanceof ParameterizedType && (erased == List.class || erased == Map.class)) {
            Type[] args = ((ParameterizedType) generic).getActualTypeArguments();
            if (erased == List.class) {
                return listOf(ofComponent(args[0], erasure(args[0])));
            }
            return mapOf(ofComponent(args[0], erasure(args[0])), ofComponent(args[1], erasure(args[1])));
        }
        return of(erased);
    }

    private static Class<?> erasure(Type type) {
        if (type instanceof Class) {
            return (Class<?>) type;
        }
        if (type instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) type).getRawType();
        }
        if (type instanceof WildcardType) {
            return erasure(((WildcardType) type).getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable) {
            return erasure(((TypeVariable<?>) type).getBounds()[0]);
        }
        if (type instanceof GenericArrayType) {
            return java.lang.reflect.Array.newInstance(erasure(((GenericArrayType) type).getGenericComponentType()), 0)
                    .getClass();
        }
        return Object.class;
    }

    /** A size or length read from {@code in}, refused when negative: the bytes are not of this type. */
    private static int count(DataInput in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative " + what + " " + n + ": the bytes are not of this type");
        }
        return n;
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
        /**
         * Rebuilt on first use after Java serialization. A plain field holding an object whose
         * only field is final: a thread that sees the object sees the array filled in.
         */
        private transient Constants<E> constants;

        /** The constants by ordinal, copied once ({@code getEnumConstants} copies on every call). */
        private record Constants<E>(E[] byOrdinal) {
        }

        EnumSerializer(Class<E> type) {
            super(type.getName());
            this.type = type;
        }

        public void serialize(E v, DataOutput out) throws IOException {
            out.writeInt(v.ordinal());
        }

        public E deserialize(DataInput in) throws IOException {
            Constants<E> c = constants;
            if (c == null) {
                c = new Constants<>(type.getEnumConstants());
                constants = c;
            }
            E[] byOrdinal = c.byOrdinal();
            int ordinal = in.readInt();
            if (ordinal < 0 || ordinal >= byOrdinal.length) {
                throw new IOException("ordinal " + ordinal + " is not a constant of " + type.getName());
            }
            return byOrdinal[ordinal];
        }
    }

    /**
     * Writes the record's components in order with a presence byte each, through a
     * {@link ComponentCodec} built once per record class and shared by all its serializers.
     */
    private static final class RecordSerializer<R> extends Simple<R> {
        /** One codec per record class, kept with the class itself: unloaded with it, never pinning its loader. */
        private static final ClassValue<ComponentCodec> CODECS = new ClassValue<>() {
            @Override
            protected ComponentCodec computeValue(Class<?> type) {
                return ComponentCodec.compile(ComponentHandles.forRecord(type));
            }
        };

        private final Class<R> type;
        /**
         * Looked up again on first use after Java serialization. A plain field: the codec is
         * immutable, so a thread seeing null looks up the same instance.
         */
        private transient ComponentCodec codec;

        RecordSerializer(Class<R> type) {
            super(type.getName());
            this.type = type;
            this.codec = CODECS.get(type);
        }

        private ComponentCodec codec() {
            ComponentCodec c = codec;
            if (c == null) {
                c = CODECS.get(type);
                codec = c;
            }
            return c;
        }

        public void serialize(R v, DataOutput out) throws IOException {
            codec().write(v, out);
        }

        @SuppressWarnings("unchecked")
        public R deserialize(DataInput in) throws IOException {
            return (R) codec().read(in);
        }
    }

    /** The compiled codec behind {@code serializer}, which must be a record's or a plain class's; for tests. */
    static ComponentCodec codecForTesting(TypeSerializer<?> serializer) {
        if (serializer instanceof RecordSerializer) {
            return ((RecordSerializer<?>) serializer).codec();
        }
        return ((PojoSerializer<?>) serializer).codecForTesting();
    }
}
