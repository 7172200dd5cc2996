package io.sluice.api.functions;

import java.io.Serializable;

/**
 * Base of every user function: a lifecycle with no-op defaults, so a lambda needs nothing more.
 *
 * <p>Each parallel subtask gets its own copy of a function (copied when the job is planned), so
 * fields of a function are never shared between subtasks. That copy is why functions are
 * {@link Serializable}: whatever a function captures must be serializable too.
 *
 * <p>To reach the {@link RuntimeContext} from any method rather than only in {@code open}, extend
 * {@link AbstractRichFunction} or one of the {@code Rich...} classes (Flink's rich functions).
 */
public interface Function extends Serializable {

    /** Called once per subtask, on the subtask's worker thread, before the first element. */
    default void open(RuntimeContext context) throws Exception {
    }

    /** Called once per subtask after the last element, or when the job is cancelled or fails. */
    default void close() throws Exception {
    }
}
