package io.sluice.runtime.time;

/** A timer of one key and namespace (window) at one time; equal entries are one timer. */
public record TimerEntry<N>(long timestamp, Object key, int keyGroup, N namespace) {
}
