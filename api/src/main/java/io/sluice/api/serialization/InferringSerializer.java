package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The serializer of a type the job did not declare: it takes the serializer of the first value's
 * class ({@link Serializers#of}) and holds every later value to that class. Values are read back by
 * the same instance that wrote them (state of one operator in one subtask), so reading knows the
 * type too. A value of another class, or a class with no serializer, fails with a message naming
 * where, the type and the fix.
 */
public final class InferringSerializer<T> implements TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final String where;
    /** An immutable record published through its final fields: a plain field is safe, and cheaper per value. */
    private transient Inferred inferred;

    private record Inferred(Class<?> type, TypeSerializer<Object> serializer) {
    }

    InferringSerializer(String where) {
        this.where = where;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void serialize(T value, DataOutput out) throws IOException {
        Inferred i = inferred;
        if (i == null) {
            try {
                i = new Inferred(value.getClass(), (TypeSerializer<Object>) Serializers.of(value.getClass()));
            } catch (SerializationException e) {
                throw new SerializationException("the type of " + where + " (" + value.getClass().getName()
                        + ") was not declared and has no serializer of its own, so it cannot be stored off the"
                        + " heap; declare it with .returns(TypeSerializer), or use a record, enum, boxed primitive,"
                        + " String, array of primitives or a class with public fields and a no-argument"
                        + " constructor (" + e.getMessage() + ")", e);
            }
            inferred = i;
        } else if (value.getClass() != i.type()) {
            throw new SerializationException("the type of " + where + " was taken to be " + i.type().getName()
                    + " from its first value, but a value of " + value.getClass().getName() + " came later;"
                    + " declare a serializer for both with .returns(TypeSerializer)");
        }
        i.serializer().serialize(value, out);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInput in) throws IOException {
        Inferred i = inferred;
        if (i == null) {
            throw new SerializationException("the type of " + where + " is not known: nothing of it was written"
                    + " by this serializer; declare it with .returns(TypeSerializer)");
        }
        return (T) i.serializer().deserialize(in);
    }

    @Override
    public String typeName() {
        Inferred i = inferred;
        return i == null ? "undeclared type of " + where : i.serializer().typeName();
    }

    /** The class taken from the first value, or null while none was written: what snapshots record. */
    public Class<?> inferredType() {
        Inferred i = inferred;
        return i == null ? null : i.type();
    }

    /**
     * Takes {@code type} as if a first value of it had been written: a restore, before any value is
     * seen, so restored values can be read. Refused when another type was taken already.
     */
    @SuppressWarnings("unchecked")
    public void inferFrom(Class<?> type) {
        Inferred i = inferred;
        if (i == null) {
            inferred = new Inferred(type, (TypeSerializer<Object>) Serializers.of(type));
        } else if (i.type() != type) {
            throw new SerializationException("the type of " + where + " was taken to be " + i.type().getName()
                    + ", not " + type.getName() + "; declare a serializer with .returns(TypeSerializer)");
        }
    }
}
