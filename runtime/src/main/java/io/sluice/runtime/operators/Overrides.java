package io.sluice.runtime.operators;

/**
 * Whether a class overrides a public method of a base type. The runtime asks once, when it sets a
 * job up, so that it can leave out calls that could only return the base's default (a sink writer
 * that is always ready, a function without a lifecycle).
 */
public final class Overrides {

    private Overrides() {
    }

    /** Whether {@code type}'s public {@code method(parameters)} is declared anywhere but in {@code base}. */
    public static boolean overrides(Class<?> type, Class<?> base, String method, Class<?>... parameters) {
        try {
            return type.getMethod(method, parameters).getDeclaringClass() != base;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(base.getName() + " has no public method " + method, e);
        }
    }
}
