package io.sluice.runtime.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sluice.api.JobStatus;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.api.metrics.LatencySnapshot;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.metrics.UserMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns the figures of the monitored jobs into metric families, reading every job's
 * {@code JobClient} when scraped, on the scraping thread. Keeps nothing between scrapes.
 *
 * <p>Label sets must be unique within a family, or the whole scrape fails. Two things could repeat
 * one: a job listed twice (the first is reported), and names repeated inside a job. Operators get
 * their names from the job ({@code map}, {@code filter} unless the author names them), so two in
 * one chain may share a name: the second is reported as {@code "map #2"}, the third {@code "map #3"},
 * in chain order. Chains with the same name are told apart the same way, by the order the job lists
 * its tasks.
 */
final class JobsCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(JobsCollector.class);

    private final Supplier<? extends Collection<MonitoredJob>> jobs;
    private final LongSupplier wallClockMs;

    JobsCollector(Supplier<? extends Collection<MonitoredJob>> jobs, LongSupplier wallClockMs) {
        this.jobs = jobs;
        this.wallClockMs = wallClockMs;
    }

    @Override
    public MetricSnapshots collect() {
        Families families = new Families();
        long nowMs = wallClockMs.getAsLong();
        Set<String> reported = new HashSet<>();
        Collection<MonitoredJob> current = jobs.get();
        if (current == null) {
            return families.build();
        }
        for (MonitoredJob job : current) {
            if (job == null || !reported.add(job.id())) {
                continue;
            }
            Reading reading;
            try {
                reading = Reading.of(job);
            } catch (RuntimeException e) {
                // one job's failure must not cost the figures of the others and of the JVM
                // without the stack trace at WARN: a job that keeps failing would repeat it at every scrape
                LOG.warn("metrics of job '{}' ({}) could not be read and are left out of this scrape: {}",
                        job.name(), job.id(), e.toString());
                LOG.debug("reading the metrics of job {} failed", job.id(), e);
                continue;
            }
            families.add(reading, nowMs);
        }
        return families.build();
    }

    /** Everything read from one job's client, before any of it is reported. */
    private record Reading(MonitoredJob job, JobStatus status, long uptimeMs, JobMetrics metrics,
                           CheckpointMetrics checkpoints) {

        static Reading of(MonitoredJob job) {
            return new Reading(job, job.client().status(), job.client().uptimeMs(), job.client().metrics(),
                    job.client().checkpointMetrics());
        }
    }

    /** The metric families of one scrape. */
    private static final class Families {

        private final List<Family> all = new ArrayList<>();

        // per job
        private final Family jobState = gauge("sluice_job_state", null,
                "1 for the state the job is in, 0 for the others");
        private final Family jobUptime = gauge("sluice_job_uptime_seconds", Unit.SECONDS,
                "Time since the job was submitted, through restarts; fixed once it ended");
        private final Family jobRestarts = counter("sluice_job_restarts_total", null,
                "Times the job restarted after a failure");
        private final Family checkpointsCompleted = counter("sluice_checkpoints_completed_total", null,
                "Checkpoints and savepoints completed");
        private final Family checkpointsFailed = counter("sluice_checkpoints_failed_total", null,
                "Checkpoints and savepoints that failed or were aborted");
        private final Family checkpointsInProgress = gauge("sluice_checkpoints_in_progress", null,
                "Checkpoints in progress now");
        private final Family checkpointLastId = gauge("sluice_checkpoint_last_completed_id", null,
                "Id of the newest completed checkpoint (or of the one the job started from)");
        private final Family checkpointLastDuration = gauge("sluice_checkpoint_last_duration_seconds",
                Unit.SECONDS, "Last completed checkpoint: from its trigger until its metadata was durable");
        private final Family checkpointLastSize = gauge("sluice_checkpoint_last_size_bytes", Unit.BYTES,
                "Last completed checkpoint: bytes of its state files");
        private final Family checkpointLastAlignment = gauge("sluice_checkpoint_last_alignment_seconds",
                Unit.SECONDS, "Last completed checkpoint: the longest time a task held inputs back aligning barriers");
        private final Family checkpointLastSync = gauge("sluice_checkpoint_last_sync_seconds", Unit.SECONDS,
                "Last completed checkpoint: the longest synchronous pause of a task");

        // per task (chain) and subtask
        private final Family taskBusy = counter("sluice_task_busy_seconds_total", Unit.SECONDS,
                "Time the subtask spent doing work");
        private final Family taskIdle = counter("sluice_task_idle_seconds_total", Unit.SECONDS,
                "Time the subtask had nothing to do or could not go on (includes back-pressured time)");
        private final Family taskBackPressured = counter("sluice_task_back_pressured_seconds_total", Unit.SECONDS,
                "Time the subtask could take no input because an output ring was full");
        private final Family taskInputQueued = gauge("sluice_task_input_queued_elements", null,
                "Elements waiting in the subtask's input rings (high: this task is the bottleneck)");
        private final Family taskOutputQueued = gauge("sluice_task_output_queued_elements", null,
                "Elements waiting in the subtask's output rings and overflow (high: back-pressure from downstream)");
        private final Family taskOutputOverflow = gauge("sluice_task_output_overflow_elements", null,
                "Of the output queued elements, those held in overflow buffers, emitted while an output ring was"
                        + " full (high: an operator emits much per input element into a back-pressured edge)");

        /** Only when latency tracking is on, and only for tasks with inputs; left out of the scrape when empty. */
        private final SummarySnapshot.Builder taskLatency = SummarySnapshot.builder()
                .name("sluice_task_latency_seconds").unit(Unit.SECONDS)
                .help("Time latency markers took from the sources to the subtask's input (metrics.latency-interval);"
                        + " quantiles over the last 30 to 60 seconds, count and sum since the subtask started");
        private boolean anyLatency;

        // per operator and subtask
        private final Family recordsIn = counter("sluice_operator_records_in_total", null,
                "Records the operator received");
        private final Family recordsOut = counter("sluice_operator_records_out_total", null,
                "Records the operator emitted");
        private final Family recordsDropped = counter("sluice_operator_records_dropped_total", null,
                "Records that went nowhere: late window records without a late-data side output, records"
                        + " emitted to a side output nothing reads");
        private final Family watermark = gauge("sluice_operator_watermark_seconds", Unit.SECONDS,
                "The operator's input watermark in event time, seconds since the epoch (+Inf after the end"
                        + " of input); absent before the first watermark");
        private final Family watermarkLag = gauge("sluice_operator_watermark_lag_seconds", Unit.SECONDS,
                "Wall-clock time at the scrape minus the operator's watermark; absent before the first"
                        + " watermark and after the end of input");

        // per user metric (MetricGroup), operator and subtask; left out of the scrape when no job has one
        private final Family userCounter = optional(true, "sluice_user_counter_total",
                "A counter a function registered (label name)");
        private final Family userGauge = optional(false, "sluice_user_gauge",
                "A gauge a function registered (label name), read at the scrape; NaN when it failed");
        private final Family userMeterEvents = optional(true, "sluice_user_meter_events_total",
                "Events marked on a meter a function registered (label name)");
        private final Family userMeterRate = optional(false, "sluice_user_meter_events_per_second",
                "Events per second of a meter a function registered, over about the last minute");
        private final SummarySnapshot.Builder userHistogram = SummarySnapshot.builder()
                .name("sluice_user_histogram")
                .help("A histogram a function registered (label name): quantiles over the last 30 to 60 seconds,"
                        + " count and sum since the subtask started");
        private final Family userHistogramMin = optional(false, "sluice_user_histogram_min",
                "The smallest value recorded in a histogram a function registered, since the subtask started");
        private final Family userHistogramMax = optional(false, "sluice_user_histogram_max",
                "The largest value recorded in a histogram a function registered, since the subtask started");
        private boolean anyUserHistogram;

        private Family optional(boolean isCounter, String name, String help) {
            Family f = new Family(isCounter, name, null, help);
            f.optional = true;
            all.add(f);
            return f;
        }

        private Family counter(String name, Unit unit, String help) {
            Family f = new Family(true, name, unit, help);
            all.add(f);
            return f;
        }

        private Family gauge(String name, Unit unit, String help) {
            Family f = new Family(false, name, unit, help);
            all.add(f);
            return f;
        }

        void add(Reading r, long nowMs) {
            String id = r.job().id();
            String name = r.job().name();
            Labels job = Labels.of("job_id", id, "job_name", name);
            for (JobStatus s : JobStatus.values()) {
                jobState.add(job.add("state", s.name()), s == r.status() ? 1 : 0);
            }
            if (r.uptimeMs() >= 0) {
                jobUptime.add(job, Unit.millisToSeconds(r.uptimeMs()));
            }
            addCheckpoints(job, r.checkpoints());

            // the n-th chain of one name (in the order the job lists its tasks) at each subtask
            Map<String, Integer> chainsSeen = new HashMap<>();
            for (TaskMetrics t : r.metrics().tasks()) {
                String taskName = numbered(t.task(), chainsSeen.merge(t.subtask() + "/" + t.task(), 1, Integer::sum));
                String subtask = Integer.toString(t.subtask());
                Labels task = Labels.of("job_id", id, "job_name", name, "task", taskName, "subtask", subtask);
                taskBusy.add(task, Unit.nanosToSeconds(t.busyNs()));
                taskIdle.add(task, Unit.nanosToSeconds(t.idleNs()));
                taskBackPressured.add(task, Unit.nanosToSeconds(t.backPressuredNs()));
                taskInputQueued.add(task, t.inputFill());
                taskOutputQueued.add(task, t.outputFill());
                taskOutputOverflow.add(task, t.outputOverflow());
                if (t.latency() != null) {
                    addLatency(task, t.latency());
                }

                Map<String, Integer> operatorsSeen = new HashMap<>();
                for (OperatorMetrics o : t.operators()) {
                    String operatorName = numbered(o.operator(), operatorsSeen.merge(o.operator(), 1, Integer::sum));
                    Labels operator = task.add("operator", operatorName);
                    recordsIn.add(operator, o.recordsIn());
                    recordsOut.add(operator, o.recordsOut());
                    recordsDropped.add(operator, o.recordsDropped());
                    addWatermark(operator, o.currentWatermark(), nowMs);
                    for (UserMetric m : o.userMetrics()) {
                        addUserMetric(operator.add("name", m.name()), m);
                    }
                }
            }
        }

        private void addCheckpoints(Labels job, CheckpointMetrics c) {
            jobRestarts.add(job, c.restarts());
            checkpointsCompleted.add(job, c.completed());
            checkpointsFailed.add(job, c.failed());
            checkpointsInProgress.add(job, c.inProgress());
            if (c.lastCompletedId() >= 0) {
                checkpointLastId.add(job, c.lastCompletedId());
            }
            if (c.completed() > 0) { // the "last" figures describe a checkpoint this job took
                checkpointLastDuration.add(job, Unit.millisToSeconds(c.lastDurationMs()));
                checkpointLastSize.add(job, c.lastSizeBytes());
                checkpointLastAlignment.add(job, Unit.millisToSeconds(c.lastAlignmentMs()));
                checkpointLastSync.add(job, Unit.millisToSeconds(c.lastSyncMs()));
            }
        }

        private void addLatency(Labels task, LatencySnapshot l) {
            boolean any = l.windowCount() > 0;
            Quantiles quantiles = Quantiles.of(
                    new Quantile(0.5, any ? Unit.nanosToSeconds(l.p50Ns()) : Double.NaN),
                    new Quantile(0.9, any ? Unit.nanosToSeconds(l.p90Ns()) : Double.NaN),
                    new Quantile(0.99, any ? Unit.nanosToSeconds(l.p99Ns()) : Double.NaN),
                    new Quantile(0.999, any ? Unit.nanosToSeconds(l.p999Ns()) : Double.NaN));
            taskLatency.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(task)
                    .quantiles(quantiles).count(l.count()).sum(Unit.nanosToSeconds(l.sumNs())).build());
            anyLatency = true;
        }

        private void addUserMetric(Labels labels, UserMetric metric) {
            if (metric instanceof UserMetric.CounterValue c) {
                userCounter.add(labels, c.count());
            } else if (metric instanceof UserMetric.GaugeValue g) {
                userGauge.add(labels, g.value());
            } else if (metric instanceof UserMetric.MeterValue m) {
                userMeterEvents.add(labels, m.count());
                userMeterRate.add(labels, m.ratePerSecond());
            } else if (metric instanceof UserMetric.HistogramValue h) {
                boolean any = h.windowCount() > 0;
                Quantiles quantiles = Quantiles.of(
                        new Quantile(0.5, any ? h.p50() : Double.NaN),
                        new Quantile(0.9, any ? h.p90() : Double.NaN),
                        new Quantile(0.99, any ? h.p99() : Double.NaN),
                        new Quantile(0.999, any ? h.p999() : Double.NaN));
                userHistogram.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels)
                        .quantiles(quantiles).count(h.count()).sum(h.sum()).build());
                anyUserHistogram = true;
                if (h.count() > 0) {
                    userHistogramMin.add(labels, h.min());
                    userHistogramMax.add(labels, h.max());
                }
            }
        }

        private void addWatermark(Labels operator, long watermarkMs, long nowMs) {
            if (watermarkMs == Long.MIN_VALUE) {
                return; // no watermark yet
            }
            if (watermarkMs == Long.MAX_VALUE) {
                watermark.add(operator, Double.POSITIVE_INFINITY); // end of input: all event time has passed
                return;
            }
            watermark.add(operator, Unit.millisToSeconds(watermarkMs));
            watermarkLag.add(operator, Unit.millisToSeconds(nowMs - watermarkMs));
        }

        private static String numbered(String name, int occurrence) {
            return occurrence == 1 ? name : name + " #" + occurrence;
        }

        MetricSnapshots build() {
            List<MetricSnapshot> snapshots = new ArrayList<>(all.size());
            for (Family f : all) {
                if (!f.optional || f.points > 0) {
                    snapshots.add(f.build());
                }
            }
            if (anyLatency) {
                snapshots.add(taskLatency.build());
            }
            if (anyUserHistogram) {
                snapshots.add(userHistogram.build());
            }
            return new MetricSnapshots(snapshots);
        }
    }

    /** One metric family being filled: a counter or a gauge. */
    private static final class Family {

        private final CounterSnapshot.Builder counter;
        private final GaugeSnapshot.Builder gauge;
        /** Left out of the scrape while it has no data points. */
        boolean optional;
        int points;

        Family(boolean isCounter, String name, Unit unit, String help) {
            if (isCounter) {
                counter = CounterSnapshot.builder().name(name).help(help);
                gauge = null;
                if (unit != null) {
                    counter.unit(unit);
                }
            } else {
                gauge = GaugeSnapshot.builder().name(name).help(help);
                counter = null;
                if (unit != null) {
                    gauge.unit(unit);
                }
            }
        }

        void add(Labels labels, double value) {
            points++;
            if (counter != null) {
                counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
            } else {
                gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
            }
        }

        MetricSnapshot build() {
            return counter != null ? counter.build() : gauge.build();
        }
    }
}
