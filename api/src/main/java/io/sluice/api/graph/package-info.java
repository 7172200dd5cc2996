/**
 * The logical graph a job builds: one {@link io.sluice.api.graph.Transformation} per API call.
 * Internal: job authors build it through {@code DataStream}; the runtime reads it to plan tasks.
 */
package io.sluice.api.graph;
