package io.sluice.examples.fraud;

import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.connectors.chronicle.ChronicleCommittedReader;
import io.sluice.connectors.chronicle.QueuePosition;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the fraud tests share: queues in a directory, the job started on them, its alerts read back. */
final class FraudRun {

    final Path transactions;
    final Path rules;
    final Path alerts;
    final Path checkpoints;

    FraudRun(Path dir) {
        this.transactions = dir.resolve("transactions");
        this.rules = dir.resolve("rules");
        this.alerts = dir.resolve("alerts");
        this.checkpoints = dir.resolve("checkpoints");
    }

    /** Appends the traffic's lines (and no end marker). */
    void write(FraudGenerator.Traffic traffic) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Transaction t : traffic.transactions()) {
            lines.add(t.toLine());
        }
        QueueLines.append(transactions, lines);
    }

    void endTransactions() throws Exception {
        QueueLines.append(transactions, List.of(UntilEndMarker.END));
    }

    void rule(String line) throws Exception {
        QueueLines.append(rules, List.of(line));
    }

    JobClient start(int parallelism) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(CheckpointingOptions.DIRECTORY, checkpoints.toString());
        new FraudDetection().define(env, new String[] {"--queue", transactions.toString(), "--rules", rules.toString(),
                "--alerts", alerts.toString(), "--max-delay-s", "30"});
        return env.executeAsync("fraud-detection-test");
    }

    /** The alert lines committed to the alerts queue, in order. */
    List<String> committedAlerts() throws Exception {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(alerts)) {
            return lines;
        }
        try (ChronicleCommittedReader reader = ChronicleCommittedReader.open(alerts, QueuePosition.START)) {
            while (reader.poll(1024, r -> lines.add(new String(r.value(), StandardCharsets.UTF_8))) > 0) {
                // read to the end
            }
        }
        return lines;
    }

    /** The watermark of the detector, the lowest over its subtasks. */
    static long detectorWatermark(JobClient job) {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (TaskMetrics t : job.metrics().tasks()) {
            for (OperatorMetrics o : t.operators()) {
                if (o.operator().equals("detect")) {
                    min = Math.min(min, o.currentWatermark());
                    any = true;
                }
            }
        }
        return any ? min : Long.MIN_VALUE;
    }

    /** The alerts the ground truth asks for, one line each: {@code rule account evidence}. */
    static List<String> expected(List<FraudGenerator.InjectedFraud> frauds) {
        return frauds.stream().map(f -> f.rule().label() + " " + f.account() + " " + String.join(",", f.transactionIds()))
                .toList();
    }

    /** Alert lines in the form of {@link #expected}. */
    static List<String> actual(List<String> alertLines) {
        return alertLines.stream().map(Alert::parse).map(a -> a.rule() + " " + a.account() + " " + a.evidence()).toList();
    }
}
