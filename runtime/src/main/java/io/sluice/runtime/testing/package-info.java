/**
 * Unit-testing user functions with the real operators, on the test's own thread: no job, no tasks,
 * no channels, and a clock the test moves. Start with {@link io.sluice.runtime.testing.OperatorHarness}.
 *
 * <p>This package is public API of {@code sluice-runtime} for job authors' tests; the test sources of
 * the runtime add their own helpers (sinks and sources for whole jobs) under the same package name.
 */
package io.sluice.runtime.testing;
