package io.sluice.api.functions;

/**
 * Extracts the key of an element. Keys must have stable {@code equals}/{@code hashCode} (no
 * identity hash codes, no arrays): the hash decides the key group and so the subtask.
 */
@FunctionalInterface
public interface KeySelector<T, K> extends Function {
    K getKey(T value) throws Exception;
}
