package io.sluice.api.internal;

/**
 * Marks a user-facing object (a source, say) that is immutable and safe to share between parallel
 * subtasks, so the runtime does not copy it per subtask; its contents need not be serializable.
 */
public interface SharedAcrossSubtasks {
}
