package io.sluice.api.internal;

import io.sluice.api.serialization.SerializationException;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The serializer of an undeclared type inside another serializer (one side of a window join's
 * tagged union): each value is written after its class name, so a restored value can be read
 * before any value was written in this run, which an inferring serializer nested in another cannot
 * do (a snapshot records only a top-level serializer's inferred class). Declaring the type with
 * {@code returns(...)} saves the name per value. Thread-safe.
 */
public final class ClassRecordingSerializer<T> implements TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final String where;
    /** A user object of the job, whose class loader sees the job's classes. */
    private final Object userObject;
    private final ConcurrentHashMap<Class<?>, TypeSerializer<Object>> byClass = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Class<?>> byName = new ConcurrentHashMap<>();

    /**
     * @param where      what the values are, for messages
     * @param userObject a function or key selector of the job, to load the values' classes with its loader
     */
    public ClassRecordingSerializer(String where, Object userObject) {
        this.where = where;
        this.userObject = userObject;
    }

    @Override
    public void serialize(T value, DataOutput out) throws IOException {
        Class<?> c = value.getClass();
        out.writeUTF(c.getName());
        serializerOf(c).serialize(value, out);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInput in) throws IOException {
        String name = in.readUTF();
        Class<?> c = byName.get(name);
        if (c == null) {
            c = load(name);
            byName.put(name, c);
        }
        return (T) serializerOf(c).deserialize(in);
    }

    @Override
    public String typeName() {
        return "any type of " + where + " (undeclared: each value records its class)";
    }

    @SuppressWarnings("unchecked")
    private TypeSerializer<Object> serializerOf(Class<?> c) {
        TypeSerializer<Object> s = byClass.get(c);
        if (s == null) {
            try {
                s = (TypeSerializer<Object>) Serializers.of(c);
            } catch (SerializationException e) {
                throw new SerializationException("the type of " + where + " (" + c.getName() + ") was not declared"
                        + " and has no serializer of its own, so it cannot be kept in state; declare it with"
                        + " .returns(TypeSerializer) on that input (" + e.getMessage() + ")", e);
            }
            byClass.put(c, s);
        }
        return s;
    }

    private Class<?> load(String name) throws IOException {
        try {
            return Class.forName(name, false, userObject.getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            try {
                return Class.forName(name, false, context);
            } catch (ClassNotFoundException | LinkageError again) {
                throw new IOException("cannot read " + where + ": class " + name + " recorded with a value cannot be"
                        + " loaded", e);
            }
        }
    }
}
