package io.sluice.benchmarks.connectors;

import java.time.Duration;

/**
 * CPU time of the broker's process and of this one between construction and {@link #stop()};
 * this process's includes the output reader (and, in latency runs, the input producer).
 */
final class ProcessCpuMeter {

    private final ProcessHandle broker;
    private final long brokerStartNs;
    private final long clientStartNs;
    private long brokerNs;
    private long clientNs;

    ProcessCpuMeter(ProcessHandle broker) {
        this.broker = broker;
        this.brokerStartNs = cpuNs(broker);
        this.clientStartNs = cpuNs(ProcessHandle.current());
    }

    void stop() {
        brokerNs = cpuNs(broker) - brokerStartNs;
        clientNs = cpuNs(ProcessHandle.current()) - clientStartNs;
    }

    double brokerSeconds() {
        return brokerNs / 1e9;
    }

    double clientSeconds() {
        return clientNs / 1e9;
    }

    private static long cpuNs(ProcessHandle process) {
        return process == null ? 0 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
