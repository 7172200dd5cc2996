package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain class with a no-argument constructor: its instance fields (own and inherited, not static,
 * not transient), in declaration order, each with a presence byte and the serializer of its type.
 * Reflection is looked up once; what a field holds must itself have a serializer.
 */
final class PojoSerializer<T> implements TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient Field[] fields;
    private transient TypeSerializer<Object>[] serializers;
    private transient Constructor<T> constructor;

    PojoSerializer(Class<T> type) {
        this.type = type;
        init();
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

    @SuppressWarnings("unchecked")
    private void init() {
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
        fields = all.toArray(new Field[0]);
        serializers = new TypeSerializer[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            if (f.getType() == type) {
                throw new SerializationException("class " + type.getName() + " refers to itself in field '"
                        + f.getName() + "'; pass a TypeSerializer for it");
            }
            try {
                serializers[i] = (TypeSerializer<Object>) Serializers.of(f.getType());
                f.setAccessible(true);
            } catch (RuntimeException e) { // no serializer, or a field that cannot be made accessible
                throw new SerializationException("no serializer for field '" + f.getName() + "' ("
                        + f.getType().getName() + ") of " + type.getName() + ": " + e.getMessage(), e);
            }
        }
        try {
            constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new SerializationException("class " + type.getName() + " has no usable no-argument constructor", e);
        }
    }

    @Override
    public void serialize(T value, DataOutput out) throws IOException {
        if (fields == null) {
            init();
        }
        try {
            for (int i = 0; i < fields.length; i++) {
                Object v = fields[i].get(value);
                out.writeBoolean(v != null);
                if (v != null) {
                    serializers[i].serialize(v, out);
                }
            }
        } catch (IllegalAccessException e) {
            throw new IOException("cannot read " + type.getName(), e);
        }
    }

    @Override
    public T deserialize(DataInput in) throws IOException {
        if (fields == null) {
            init();
        }
        try {
            T v = constructor.newInstance();
            for (int i = 0; i < fields.length; i++) {
                if (in.readBoolean()) {
                    fields[i].set(v, serializers[i].deserialize(in));
                }
            }
            return v;
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot create " + type.getName(), e);
        }
    }

    @Override
    public String typeName() {
        return type.getName();
    }
}
