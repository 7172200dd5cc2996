package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * Never used as it is: {@link ComponentCodec#compile} defines a hidden copy of this class per record
 * or plain class, with the type's writing and reading handles as its class data. Its static final
 * fields are constants to the JIT, so {@code invokeExact} on them inlines the handles' whole chain.
 */
final class ComponentCodecTemplate extends ComponentCodec {

    private static final MethodHandle WRITER;
    private static final MethodHandle READER;

    static {
        MethodHandle[] handles;
        try {
            handles = MethodHandles.classData(MethodHandles.lookup(), "_", MethodHandle[].class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
        // null only in the template itself, which is never instantiated
        WRITER = handles == null ? null : handles[0];
        READER = handles == null ? null : handles[1];
    }

    @Override
    void write(Object value, DataOutput out) throws IOException {
        try {
            WRITER.invokeExact(value, out);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    @Override
    Object read(DataInput in) throws IOException {
        try {
            return (Object) READER.invokeExact(in);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }
}
