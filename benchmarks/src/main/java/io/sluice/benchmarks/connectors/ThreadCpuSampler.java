package io.sluice.benchmarks.connectors;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads over a run, by thread name (digits folded, so that
 * {@code kafka-fetcher-0} and {@code kafka-fetcher-1} count together), for finding out where a
 * pipeline spends its CPU. Samples every thread's CPU time every 20 ms on a thread of its own, so
 * that threads that end during the run are counted up to their last sample (up to 20 ms short).
 * What the process spent outside Java threads (GC, JIT compilers, the VM) is the process's CPU time
 * minus theirs.
 */
final class ThreadCpuSampler implements Runnable {

    private static final long PERIOD_MS = 20;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** The constructor's, then the sampler thread's (started after), then the caller's after the join. */
    private final Map<Long, long[]> firstAndLast = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final long processStartNs;
    private final Thread thread;
    /** Set by the caller, read by the sampler every period: volatile. */
    private volatile boolean running = true;
    private long processNs;
    private boolean baselineTaken;

    ThreadCpuSampler() {
        processStartNs = processCpuNs();
        sample();
        thread = new Thread(this, "thread-cpu-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu < 0) {
                continue; // ended meanwhile
            }
            long[] firstLast = firstAndLast.get(id);
            if (firstLast == null) {
                ThreadInfo info = threads.getThreadInfo(id);
                names.put(id, info == null ? "?" : info.getThreadName());
                // a thread there at the start counts from then; one started later from its start
                firstAndLast.put(id, new long[] {baselineTaken ? 0 : cpu, cpu});
            } else {
                firstLast[1] = cpu;
            }
        }
        baselineTaken = true;
    }

    /** Stops sampling; CPU seconds per thread group as JSON members, largest first, then the rest of the process. */
    String stop() throws InterruptedException {
        running = false;
        thread.join();
        sample();
        processNs = processCpuNs() - processStartNs;
        Map<String, Long> byGroup = new TreeMap<>();
        long javaNs = 0;
        for (Map.Entry<Long, long[]> e : firstAndLast.entrySet()) {
            long ns = e.getValue()[1] - e.getValue()[0];
            String name = names.get(e.getKey());
            if (name.equals(thread.getName())) {
                continue;
            }
            byGroup.merge(name.replaceAll("\\d+", "N"), ns, Long::sum);
            javaNs += ns;
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(byGroup.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : sorted) {
            if (e.getValue() >= 10_000_000) {
                b.append(String.format(Locale.ROOT, "\"%s\":%.2f,", e.getKey(), e.getValue() / 1e9));
            }
        }
        return b.append(String.format(Locale.ROOT, "\"(GC, JIT, VM)\":%.2f", (processNs - javaNs) / 1e9)).toString();
    }

    private static long processCpuNs() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
