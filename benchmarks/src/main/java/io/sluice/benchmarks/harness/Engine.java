package io.sluice.benchmarks.harness;

/**
 * A stream processor under test. {@link #run} runs one whole job of the configured workload to its
 * end in this JVM, with {@link Generator} events, {@link W1Functions} logic and
 * {@link CountingConsumer} or {@link LatencyRecorder} sinks, calling {@link RunClock#start} from
 * its sources; the harness reads the results from those.
 */
public interface Engine {

    /** Whether the engine can run this workload now; if not, {@link #unsupportedReason} says why. */
    default boolean supports(Workload workload) {
        return true;
    }

    default String unsupportedReason(Workload workload) {
        return "";
    }

    void run(RunConfig config) throws Exception;
}
