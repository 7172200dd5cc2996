package io.sluice.runtime.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting in tests: on a condition, with a deadline, failing with what was awaited. */
public final class Conditions {

    private Conditions() {
    }

    public static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
