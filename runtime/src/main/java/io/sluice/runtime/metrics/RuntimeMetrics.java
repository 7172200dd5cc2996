package io.sluice.runtime.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sluice.state.offheap.NativeMemory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Prometheus metrics of a runtime: the JVM's, the native memory of off-heap keyed state, and the
 * figures of every job the runtime reports, all read when scraped (see {@code docs/metrics.md}).
 * Thread-safe: the server's request threads call {@link #scrape} concurrently; nothing is kept
 * between scrapes and nothing is added to the jobs' hot paths.
 *
 * <p>Each instance has a registry of its own, not the library's global one, so that several
 * runtimes can live in one JVM (tests do).
 */
public final class RuntimeMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    /** jobs: called at every scrape; returns the jobs to report now (running and recently ended ones). */
    public RuntimeMetrics(Supplier<? extends Collection<MonitoredJob>> jobs) {
        Objects.requireNonNull(jobs, "jobs");
        JvmMetrics.builder().register(registry);
        GaugeWithCallback.builder()
                .name("sluice_state_native_memory_bytes")
                .unit(Unit.BYTES)
                .help("Native memory reserved by the off-heap keyed state of every job in this process")
                .callback(callback -> callback.call(NativeMemory.reservedBytes()))
                .register(registry);
        registry.register(new JobsCollector(jobs, System::currentTimeMillis));
    }

    /** The Content-Type for a scrape with this Accept header (null = text format 0.0.4). */
    public String contentType(String acceptHeader) {
        return formats.findWriter(acceptHeader).getContentType();
    }

    /** Writes every metric in the format the Accept header asks for. */
    public void scrape(String acceptHeader, OutputStream out) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(acceptHeader);
        writer.write(out, registry.scrape(), EscapingScheme.fromAcceptHeader(acceptHeader));
    }
}
