package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodHandles.Lookup;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

import static java.lang.invoke.MethodType.methodType;

/**
 * Builds the two handles of a {@link ComponentCodec}, once per record or plain class, at
 * job-building time; {@link ComponentCodec#compile} makes the codec of them. The wire format is the
 * one the reflective serializers wrote, byte for byte: each component (field) in order, a presence
 * boolean, then the bytes of the serializer of its type; a primitive is always present and written
 * as its built-in serializer writes it ({@code writeLong}, ...).
 *
 * <p>Members are reached through the type's own lookup ({@link MethodHandles#privateLookupIn}), so
 * non-public and nested types work whatever loader defined them; where that lookup is refused (a
 * package not opened to this module) or not enough (a final field to set), through
 * {@code setAccessible}, as before.
 */
final class ComponentHandles {

    private static final Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle WRITE_NULLABLE = helper("writeNullable",
            methodType(void.class, TypeSerializer.class, Object.class, DataOutput.class));
    private static final MethodHandle READ_NULLABLE = helper("readNullable",
            methodType(Object.class, TypeSerializer.class, DataInput.class));
    private static final MethodHandle CHECK_PRESENT = helper("checkPresent",
            methodType(void.class, String.class, DataInput.class));
    private static final MethodHandle FAIL = helper("fail",
            methodType(Object.class, String.class, RuntimeException.class));
    private static final MethodHandle WRITE_TRUE;
    private static final MethodHandle DESERIALIZE;

    static {
        try {
            WRITE_TRUE = MethodHandles.insertArguments(
                    LOOKUP.findVirtual(DataOutput.class, "writeBoolean", methodType(void.class, boolean.class)), 1, true);
            DESERIALIZE = LOOKUP.findVirtual(TypeSerializer.class, "deserialize",
                    methodType(Object.class, DataInput.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ComponentHandles() {
    }

    /**
     * The writer and reader ({@link ComponentCodec#WRITER}, {@link ComponentCodec#READER}) of record
     * {@code type}: its components through their accessors, read back through the canonical
     * constructor; a primitive component marked absent is refused as malformed.
     */
    static MethodHandle[] forRecord(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Lookup lookup = lookupIn(type);
        int n = components.length;
        MethodHandle[] writers = new MethodHandle[n];
        MethodHandle[] readers = new MethodHandle[n];
        Class<?>[] types = new Class<?>[n];
        for (int i = 0; i < n; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String where = "component '" + c.getName() + "' of record " + type.getName();
            if (types[i] == type) {
                throw new SerializationException("record " + type.getName() + " refers to itself in component '"
                        + c.getName() + "'; pass a TypeSerializer for it");
            }
            MethodHandle accessor = failingAsIOException(accessor(lookup, c.getAccessor()),
                    "cannot read record " + type.getName());
            if (types[i].isPrimitive()) {
                writers[i] = primitiveWriter(accessor);
                readers[i] = MethodHandles.foldArguments(primitiveReader(types[i]),
                        MethodHandles.insertArguments(CHECK_PRESENT, 0, where));
            } else {
                TypeSerializer<?> serializer;
                try {
                    serializer = Serializers.ofComponent(c.getGenericType(), types[i]);
                } catch (SerializationException e) {
                    throw new SerializationException("no serializer for " + where + ": " + e.getMessage(), e);
                }
                writers[i] = nullableWriter(accessor, serializer);
                readers[i] = READ_NULLABLE.bindTo(serializer).asType(methodType(types[i], DataInput.class));
            }
        }
        MethodHandle create = failingAsIOException(constructor(lookup, type, types), "cannot create record " + type.getName());
        // (C0 .. Cn-1, DataInput)R, then each component read in turn, first to last, into its place
        MethodHandle reader = MethodHandles.dropArguments(create, n, DataInput.class);
        for (int i = n - 1; i >= 0; i--) {
            reader = MethodHandles.foldArguments(reader, i, readers[i]);
        }
        return new MethodHandle[] {
                sequence(writers, methodType(void.class, type, DataOutput.class)).asType(ComponentCodec.WRITER),
                reader.asType(ComponentCodec.READER)};
    }

    /**
     * The writer and reader of plain class {@code type}: {@code fields} through getters, read back
     * by setting them on an instance made with the no-argument constructor; a field marked absent
     * keeps the value the constructor gave it.
     */
    static MethodHandle[] forClass(Class<?> type, Field[] fields, TypeSerializer<?>[] serializers) {
        int n = fields.length;
        MethodHandle[] writers = new MethodHandle[n];
        MethodHandle[] setters = new MethodHandle[n];
        for (int i = 0; i < n; i++) {
            Field f = fields[i];
            Lookup lookup = lookupIn(f.getDeclaringClass());
            MethodHandle getter = getter(lookup, f).asType(methodType(f.getType(), type));
            MethodHandle read;
            if (f.getType().isPrimitive()) {
                writers[i] = primitiveWriter(getter);
                read = primitiveReader(f.getType());
            } else {
                writers[i] = nullableWriter(getter, serializers[i]);
                read = DESERIALIZE.bindTo(serializers[i]).asType(methodType(f.getType(), DataInput.class));
            }
            // (T, DataInput)void: if (in.readBoolean()) set(v, read(in))
            MethodHandle set = MethodHandles.filterArguments(
                    setter(lookup, f).asType(methodType(void.class, type, f.getType())), 1, read);
            MethodHandle present = MethodHandles.dropArguments(readBoolean(), 0, type);
            setters[i] = MethodHandles.guardWithTest(present, set,
                    MethodHandles.empty(methodType(void.class, type, DataInput.class)));
        }
        MethodHandle create = failingAsIOException(noArgConstructor(lookupIn(type), type), "cannot create " + type.getName());
        // (T, DataInput)T: set the fields, return the instance; then the instance made first
        MethodHandle fill = MethodHandles.foldArguments(
                MethodHandles.dropArguments(MethodHandles.identity(type), 1, DataInput.class),
                sequence(setters, methodType(void.class, type, DataInput.class)));
        MethodHandle reader = MethodHandles.foldArguments(fill, create);
        return new MethodHandle[] {
                sequence(writers, methodType(void.class, type, DataOutput.class)).asType(ComponentCodec.WRITER),
                reader.asType(ComponentCodec.READER)};
    }

    /** {@code (T, DataOutput)void}: a presence byte (always true), then the primitive as its built-in serializer writes it. */
    private static MethodHandle primitiveWriter(MethodHandle getter) {
        Class<?> owner = getter.type().parameterType(0);
        Class<?> p = getter.type().returnType();
        // short, byte and char are written from an int, as DataOutput takes them
        Class<?> written = p == short.class || p == byte.class || p == char.class ? int.class : p;
        MethodHandle put;
        try {
            put = LOOKUP.findVirtual(DataOutput.class, "write" + capitalized(p), methodType(void.class, written));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DataOutput has no writer for " + p, e);
        }
        MethodHandle value = MethodHandles.permuteArguments(
                MethodHandles.filterArguments(put, 1, getter.asType(methodType(written, owner))),
                methodType(void.class, owner, DataOutput.class), 1, 0);
        return MethodHandles.foldArguments(value, MethodHandles.dropArguments(WRITE_TRUE, 0, owner));
    }

    /** {@code (DataInput)p}: the primitive as its built-in serializer reads it ({@code readLong}, ...). */
    private static MethodHandle primitiveReader(Class<?> p) {
        try {
            return LOOKUP.findVirtual(DataInput.class, "read" + capitalized(p), methodType(p));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DataInput has no reader for " + p, e);
        }
    }

    private static MethodHandle readBoolean() {
        return primitiveReader(boolean.class);
    }

    /** {@code (T, DataOutput)void}: a presence byte, then, when present, the value's serializer. */
    private static MethodHandle nullableWriter(MethodHandle getter, TypeSerializer<?> serializer) {
        Class<?> owner = getter.type().parameterType(0);
        return MethodHandles.filterArguments(WRITE_NULLABLE.bindTo(serializer), 0,
                getter.asType(methodType(Object.class, owner)));
    }

    /**
     * A handle of {@code type} running {@code steps} (each of that type) first to last. Split in
     * halves rather than chained, so the handles nest log(n) deep and not n.
     */
    private static MethodHandle sequence(MethodHandle[] steps, MethodType type) {
        return steps.length == 0 ? MethodHandles.empty(type) : sequence(steps, 0, steps.length);
    }

    private static MethodHandle sequence(MethodHandle[] steps, int from, int to) {
        if (to - from == 1) {
            return steps[from];
        }
        int mid = (from + to) >>> 1;
        return MethodHandles.foldArguments(sequence(steps, mid, to), sequence(steps, from, mid));
    }

    /**
     * {@code h}, with a {@code RuntimeException} it throws (the user's accessor or constructor
     * failing) as an IOException. The catching is done on {@code h}'s erased type: on JDK 17,
     * {@code catchException} adapts a shared, cached handle to the type it is given and keeps the
     * result in that handle's cache, which would keep the type's class loader alive for good.
     */
    private static MethodHandle failingAsIOException(MethodHandle h, String message) {
        MethodType exact = h.type();
        MethodHandle erased = h.asType(exact.erase());
        MethodHandle handler = MethodHandles.insertArguments(FAIL, 0, message)
                .asType(methodType(erased.type().returnType(), RuntimeException.class));
        return MethodHandles.catchException(erased, RuntimeException.class,
                MethodHandles.dropArguments(handler, 1, erased.type().parameterList())).asType(exact);
    }

    /** The type's own full-power lookup, or null where the type's package is not open to this module. */
    private static Lookup lookupIn(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, LOOKUP);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle accessor(Lookup lookup, Method m) {
        if (lookup != null) {
            try {
                return lookup.unreflect(m);
            } catch (IllegalAccessException e) {
                // through setAccessible below
            }
        }
        try {
            m.setAccessible(true);
            return LOOKUP.unreflect(m);
        } catch (IllegalAccessException | RuntimeException e) {
            throw inaccessible(m.getDeclaringClass(), "accessor " + m.getName(), e);
        }
    }

    private static MethodHandle constructor(Lookup lookup, Class<?> type, Class<?>[] types) {
        Constructor<?> c;
        try {
            c = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new SerializationException("record " + type.getName() + " has no canonical constructor", e);
        }
        return constructor(lookup, c);
    }

    private static MethodHandle noArgConstructor(Lookup lookup, Class<?> type) {
        try {
            return constructor(lookup, type.getDeclaredConstructor());
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new SerializationException("class " + type.getName() + " has no usable no-argument constructor", e);
        }
    }

    private static MethodHandle constructor(Lookup lookup, Constructor<?> c) {
        if (lookup != null) {
            try {
                return lookup.unreflectConstructor(c);
            } catch (IllegalAccessException e) {
                // through setAccessible below
            }
        }
        try {
            c.setAccessible(true);
            return LOOKUP.unreflectConstructor(c);
        } catch (IllegalAccessException | RuntimeException e) {
            throw inaccessible(c.getDeclaringClass(), "constructor", e);
        }
    }

    private static MethodHandle getter(Lookup lookup, Field f) {
        if (lookup != null) {
            try {
                return lookup.unreflectGetter(f);
            } catch (IllegalAccessException e) {
                // through setAccessible below
            }
        }
        try {
            f.setAccessible(true);
            return LOOKUP.unreflectGetter(f);
        } catch (IllegalAccessException | RuntimeException e) {
            throw inaccessible(f.getDeclaringClass(), "field '" + f.getName() + "'", e);
        }
    }

    private static MethodHandle setter(Lookup lookup, Field f) {
        if (lookup != null) {
            try {
                return lookup.unreflectSetter(f); // refused for a final field: setAccessible below allows it
            } catch (IllegalAccessException e) {
                // through setAccessible below
            }
        }
        try {
            f.setAccessible(true);
            return LOOKUP.unreflectSetter(f);
        } catch (IllegalAccessException | RuntimeException e) {
            throw inaccessible(f.getDeclaringClass(), "field '" + f.getName() + "'", e);
        }
    }

    private static SerializationException inaccessible(Class<?> type, String member, Exception e) {
        return new SerializationException("cannot reach the " + member + " of " + type.getName() + " (" + e
                + "); open package " + type.getPackageName() + " to the module of Sluice's API", e);
    }

    private static String capitalized(Class<?> primitive) {
        String name = primitive.getName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static MethodHandle helper(String name, MethodType type) {
        try {
            return LOOKUP.findStatic(ComponentHandles.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- called through the handles ---------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static void writeNullable(TypeSerializer<?> serializer, Object value, DataOutput out) throws IOException {
        if (value == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            ((TypeSerializer<Object>) serializer).serialize(value, out);
        }
    }

    private static Object readNullable(TypeSerializer<?> serializer, DataInput in) throws IOException {
        return in.readBoolean() ? serializer.deserialize(in) : null;
    }

    private static void checkPresent(String where, DataInput in) throws IOException {
        if (!in.readBoolean()) {
            throw new IOException("malformed record: " + where + " is a primitive, but its presence byte says absent");
        }
    }

    private static Object fail(String message, RuntimeException e) throws IOException {
        throw new IOException(message + ": " + e, e);
    }
}
