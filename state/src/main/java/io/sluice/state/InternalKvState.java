package io.sluice.state;

import io.sluice.api.state.State;

/**
 * The backend's side of a state handle: every handle is scoped to the backend's current key and to
 * its own current namespace (a window, or {@link VoidNamespace}). Single-threaded: only the task's
 * worker thread calls it.
 */
public interface InternalKvState<N> extends State {

    void setCurrentNamespace(N namespace);

    /**
     * Folds the state of {@code sources} (namespaces of the current key) into {@code target} and
     * clears the sources; for merging windows. Value and map state do not merge.
     */
    void mergeNamespaces(N target, Iterable<N> sources) throws Exception;
}
