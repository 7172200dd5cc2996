package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Copies user objects (functions, sources, sinks) so that each subtask gets its own: done once when
 * a job is planned, never per element.
 */
public final class UserObjects {

    private UserObjects() {
    }

    /** A deep copy of {@code object}, loading classes through {@code loader}. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T object, String operatorName, ClassLoader loader) {
        if (object == null || object instanceof SharedAcrossSubtasks) {
            return object;
        }
        byte[] bytes = toBytes(object, operatorName);
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
            return (T) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new InvalidJobException("cannot copy " + describe(object) + " of operator '" + operatorName
                    + "': " + e);
        }
    }

    /** Checks that {@code object} can be copied, with an error naming the operator otherwise. */
    public static void checkCopyable(Object object, String operatorName) {
        if (object != null && !(object instanceof SharedAcrossSubtasks)) {
            toBytes(object, operatorName);
        }
    }

    private static byte[] toBytes(Object object, String operatorName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new InvalidJobException(describe(object) + " of operator '" + operatorName
                    + "' cannot be copied to its parallel subtasks: " + e.getMessage() + " is not serializable."
                    + " Functions, sources and sinks, and everything they capture, must be java.io.Serializable;"
                    + " create non-serializable resources in open() instead");
        }
        return bytes.toByteArray();
    }

    private static String describe(Object object) {
        String name = object.getClass().getName();
        return name.contains("$$Lambda") ? "the lambda " + name.substring(0, name.indexOf("$$Lambda")) + "::lambda"
                : "the " + name;
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
