/**
 * Internal: what both keyed backends share ({@link io.sluice.state.backend.AbstractKeyedStateBackend}).
 * It sits below the contract in {@code io.sluice.state} and beside the snapshot format and the
 * time-to-live decorators it uses, so the contract package depends on none of them.
 */
package io.sluice.state.backend;
