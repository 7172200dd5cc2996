package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;
import io.sluice.api.functions.KeySelector;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;

/**
 * Refuses key types whose {@code hashCode} is not the same in another JVM, because a key's hash
 * decides its key group, and state is stored, snapshotted and restored by key group: an enum (whose
 * {@code hashCode} is the identity hash), an array, a class that does not override
 * {@code hashCode} and {@code equals}, or a record with such a component. After a restart the key
 * would land in another key group than its state, which would be silently missed.
 *
 * <p>Checked when the job is built, from the key type the key selector declares (a class's type
 * argument, or a lambda's or method reference's instantiated type); when that is not known (a
 * generic or interface type), the runtime's key-group partitioner checks the class of the actual
 * keys instead, with the same message.
 */
public final class KeyTypes {

    private KeyTypes() {
    }

    /** What is wrong with a key type, and the fix. */
    private record Problem(String what, String fix) {
    }

    private static final String IDENTITY = "its hashCode is the identity hash, which differs from one JVM to the next";

    /**
     * Throws {@link InvalidJobException} when {@code keyType} cannot give the same key group in
     * another JVM. Thread-safe; reflection, so callers cache what they have checked.
     */
    public static void check(Class<?> keyType, String operatorName) {
        Problem p = problem(keyType, new HashSet<>());
        if (p != null) {
            throw new InvalidJobException("operator '" + operatorName + "' is keyed by " + keyType.getTypeName() + ", "
                    + p.what + ", so after a restart its keyed state would sit in another key group and be missed; "
                    + p.fix);
        }
    }

    /**
     * Checks the key type {@code keySelector} declares, if it declares one that decides the question
     * (a concrete class, an enum, an array); an interface or {@code Object} is left to the runtime.
     */
    public static void checkDeclared(KeySelector<?, ?> keySelector, String operatorName) {
        Class<?> type = declaredKeyType(keySelector);
        if (type != null && (type.isArray() || Enum.class.isAssignableFrom(type)
                || !(type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type == Object.class))) {
            check(type, operatorName);
        }
    }

    private static Problem problem(Class<?> c, Set<Class<?>> seen) {
        if (c.isArray()) {
            return new Problem("an array: " + IDENTITY, "key by a String, a List or a record of its elements instead");
        }
        if (Enum.class.isAssignableFrom(c)) {
            return new Problem("an enum: " + IDENTITY, "key by the enum's name() or ordinal() instead");
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || c.isPrimitive() || !seen.add(c)) {
            return null; // a record component of such a type: its values' classes are not known here
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                Class<?> t = rc.getType();
                Problem p = t == Object.class ? null : problem(t, seen);
                if (p != null) {
                    return new Problem("a record whose component '" + rc.getName() + "' is " + t.getTypeName() + ", "
                            + p.what, p.fix);
                }
            }
            return null;
        }
        if (!overrides(c, "hashCode") || !overrides(c, "equals", Object.class)) {
            return new Problem("which does not override hashCode and equals: " + IDENTITY,
                    "override both, or key by a record or a String instead");
        }
        return null;
    }

    private static boolean overrides(Class<?> c, String name, Class<?>... parameters) {
        try {
            Method m = c.getMethod(name, parameters);
            return m.getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The key type {@code keySelector} declares, or {@code null} when it cannot be seen. */
    static Class<?> declaredKeyType(KeySelector<?, ?> keySelector) {
        Class<?> c = keySelector.getClass();
        if (c.isSynthetic() && c.getName().contains("$$Lambda")) {
            return lambdaReturnType(keySelector);
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Type t : k.getGenericInterfaces()) {
                if (t instanceof ParameterizedType pt && pt.getRawType() == KeySelector.class) {
                    Type key = pt.getActualTypeArguments()[1];
                    if (key instanceof Class<?> kc) {
                        return kc;
                    }
                    return key instanceof ParameterizedType kp && kp.getRawType() instanceof Class<?> raw ? raw : null;
                }
            }
        }
        return null;
    }

    /** From the serialized form every lambda of a serializable interface has: its instantiated type. */
    private static Class<?> lambdaReturnType(Object lambda) {
        try {
            Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (!(writeReplace.invoke(lambda) instanceof SerializedLambda s)) {
                return null;
            }
            String descriptor = s.getInstantiatedMethodType();
            String ret = descriptor.substring(descriptor.indexOf(')') + 1);
            String name = ret.startsWith("L") ? ret.substring(1, ret.length() - 1) : ret;
            return Class.forName(name.replace('/', '.'), false, lambda.getClass().getClassLoader());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unknown) {
            return null; // left to the check of the actual keys at run time
        }
    }
}
