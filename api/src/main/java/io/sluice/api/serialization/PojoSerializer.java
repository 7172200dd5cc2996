package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain class with a no-argument constructor: its instance fields (own and inherited, not static,
 * not transient), in declaration order, each with a presence byte and the serializer of its type.
 * What a field holds must itself have a serializer. Fields are reached through method handles built
 * once per class and compiled into a {@link ComponentCodec} shared by every serializer of the class:
 * no reflection and no boxing per value.
 */
final class PojoSerializer<T> implements TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** One codec per class, kept with the class itself: unloaded with it, never pinning its loader. */
    private static final ClassValue<ComponentCodec> CODECS = new ClassValue<>() {
        @Override
        protected ComponentCodec computeValue(Class<?> type) {
            return codecOf(type);
        }
    };

    private final Class<T> type;
    /**
     * Looked up again on first use after Java serialization. A plain field: the codec is immutable,
     * so a thread seeing null looks up the same instance.
     */
    private transient ComponentCodec codec;

    PojoSerializer(Class<T> type) {
        this.type = type;
        this.codec = CODECS.get(type);
    }

    /** Whether {@code type} can be written field by field: a concrete class with a no-argument constructor. */
    static boolean fits(Class<?> type) {
        if (type.isInterface() || type.isArray() || type.isPrimitive() || Modifier.isAbstract(type.getModifiers())
                || type.getName().startsWith("java.")) {
            return false;
        }
        try {
            type.getDeclaredConstructor();
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static ComponentCodec codecOf(Class<?> type) {
        return ComponentCodec.compile(handlesOf(type));
    }

    /** The writer and reader of {@code type}'s fields, not yet compiled. */
    static MethodHandle[] handlesOf(Class<?> type) {
        List<Field> all = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            List<Field> own = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m)) {
                    own.add(f);
                }
            }
            all.addAll(0, own); // superclass fields first
        }
        Field[] fields = all.toArray(new Field[0]);
        TypeSerializer<?>[] serializers = new TypeSerializer<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            if (f.getType() == type) {
                throw new SerializationException("class " + type.getName() + " refers to itself in field '"
                        + f.getName() + "'; pass a TypeSerializer for it");
            }
            try {
                serializers[i] = Serializers.ofComponent(f.getGenericType(), f.getType());
            } catch (RuntimeException e) { // no serializer
                throw new SerializationException("no serializer for field '" + f.getName() + "' ("
                        + f.getType().getName() + ") of " + type.getName() + ": " + e.getMessage(), e);
            }
        }
        return ComponentHandles.forClass(type, fields, serializers);
    }

    private ComponentCodec codec() {
        ComponentCodec c = codec;
        if (c == null) {
            c = CODECS.get(type);
            codec = c;
        }
        return c;
    }

    /** The compiled form of this class's fields; for tests. */
    ComponentCodec codecForTesting() {
        return codec();
    }

    @Override
    public void serialize(T value, DataOutput out) throws IOException {
        codec().write(value, out);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInput in) throws IOException {
        return (T) codec().read(in);
    }

    @Override
    public String typeName() {
        return type.getName();
    }
}
