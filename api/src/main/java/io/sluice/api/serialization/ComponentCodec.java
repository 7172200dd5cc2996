package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Writes the components of a record (or the fields of a plain class) and reads them back, through
 * two method handles that {@link ComponentHandles} built once for that type: the accessors,
 * getters, setters and constructor are called with their real types, so no call boxes a primitive,
 * builds a varargs array or goes through reflection.
 *
 * <p>{@link #compile} puts the two handles in {@code static final} fields of a hidden class of its
 * own, a copy of {@link ComponentCodecTemplate}: the JIT takes such fields as constants and inlines
 * the whole chain of handles into the copy's {@code write} and {@code read}, down to the accessors
 * and the component serializers. The copy is defined beside the template, in this package and
 * loader: it needs no access to the type (the handles were made with the type's own lookup), so it
 * works whatever loads the type, and being hidden and not {@code STRONG}, it is unloaded once its
 * serializers are gone, without pinning the job's class loader. Where a hidden class cannot be
 * defined (its bytes cannot be read, say), the handles are held in final instance fields instead:
 * the same calls, not inlined.
 *
 * <p>Immutable; safe to share between threads and serializers.
 */
abstract class ComponentCodec {

    /** {@code (Object value, DataOutput out)void}: the type of the writing handle. */
    static final MethodType WRITER = MethodType.methodType(void.class, Object.class, DataOutput.class);
    /** {@code (DataInput in)Object}: the type of the reading handle. */
    static final MethodType READER = MethodType.methodType(Object.class, DataInput.class);

    abstract void write(Object value, DataOutput out) throws IOException;

    abstract Object read(DataInput in) throws IOException;

    /**
     * A hidden copy of the template holding {@code handles} (the writer, then the reader), or
     * {@link #ofHandles} if none can be defined.
     */
    static ComponentCodec compile(MethodHandle[] handles) {
        MethodHandle writer = handles[0];
        MethodHandle reader = handles[1];
        checkTypes(writer, reader);
        byte[] template = TemplateBytes.BYTES;
        if (template != null) {
            try {
                MethodHandles.Lookup hidden = MethodHandles.lookup()
                        .defineHiddenClassWithClassData(template, new MethodHandle[] {writer, reader}, true);
                return (ComponentCodec) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                        .invoke();
            } catch (Throwable e) { // LinkageError, IllegalAccessException, ...: the fallback does the same work
                if (e instanceof VirtualMachineError) {
                    throw (VirtualMachineError) e;
                }
            }
        }
        return ofHandles(handles);
    }

    /** The fallback of {@link #compile}: the handles in final fields, invoked but not inlined. */
    static ComponentCodec ofHandles(MethodHandle[] handles) {
        checkTypes(handles[0], handles[1]);
        return new HandleCodec(handles[0], handles[1]);
    }

    /** What a handle threw, as {@code write} and {@code read} may throw it. */
    static IOException rethrown(Throwable e) {
        if (e instanceof IOException) {
            return (IOException) e;
        }
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IOException(e); // a checked exception thrown sneakily by a component serializer
    }

    private static void checkTypes(MethodHandle writer, MethodHandle reader) {
        if (!writer.type().equals(WRITER) || !reader.type().equals(READER)) {
            throw new IllegalArgumentException("codec handles must be " + WRITER + " and " + READER + ", not "
                    + writer.type() + " and " + reader.type());
        }
    }

    private static final class HandleCodec extends ComponentCodec {
        private final MethodHandle writer;
        private final MethodHandle reader;

        HandleCodec(MethodHandle writer, MethodHandle reader) {
            this.writer = writer;
            this.reader = reader;
        }

        @Override
        void write(Object value, DataOutput out) throws IOException {
            try {
                writer.invokeExact(value, out);
            } catch (Throwable e) {
                throw rethrown(e);
            }
        }

        @Override
        Object read(DataInput in) throws IOException {
            try {
                return (Object) reader.invokeExact(in);
            } catch (Throwable e) {
                throw rethrown(e);
            }
        }
    }

    /** The class file of the template, read once; null where it cannot be read (then every codec is a {@link HandleCodec}). */
    private static final class TemplateBytes {
        static final byte[] BYTES = read();

        private static byte[] read() {
            try (InputStream in = ComponentCodecTemplate.class.getResourceAsStream(
                    ComponentCodecTemplate.class.getSimpleName() + ".class")) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}
