package io.sluice.examples.fraud;

import io.sluice.api.DataStream;
import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.chronicle.ChronicleQueueSink;
import io.sluice.connectors.chronicle.ChronicleQueueSource;
import io.sluice.connectors.console.ConsoleSink;
import io.sluice.connectors.datagen.RateSource;
import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Card fraud detection: transactions from a Chronicle queue, keyed by account, through four rules
 * whose thresholds come from a second queue at run time (broadcast state), alerts to the console
 * and, exactly once, to a third queue, with a status line every second.
 *
 * <pre>
 * FraudDetection [--seconds S] [--queue DIR] [--rules DIR] [--alerts DIR] [--seed N] ...
 * </pre>
 *
 * Without {@code --queue} the job generates its traffic itself ({@link FraudGenerator}, inside the
 * job, spread over {@code S} seconds) into a new queue under a temporary directory, and ends once it
 * has all been checked. With {@code --queue} it reads what {@link FraudGenerator} (or anyone) wrote
 * there, until the end marker line {@code #end}. With {@code --kafka HOST:PORT} the generator inside
 * the job writes a topic instead, and the job reads transactions and rules from topics and writes
 * its alerts to one, exactly once ({@link FraudTopics}).
 */
public final class FraudDetection implements Job {

    static final String USAGE = "usage: FraudDetection [--seconds S] [--dir DIR | --kafka HOST:PORT] [--queue DIR] [--rules DIR]"
            + " [--alerts DIR] [--seed N] [--accounts N] [--transactions N] [--max-delay-s S]"
            + "\n  --seconds S        generate the traffic over about S seconds (default 20; without --queue)"
            + "\n  --dir DIR          where the generated traffic's queues go (default: a new temporary directory)"
            + "\n  --kafka HOST:PORT  generate into, and read and write, Kafka topics instead of queues"
            + "\n  --topic-prefix P   with --kafka: topics Ptransactions, Prules, Palerts (default fraud-)"
            + "\n  --queue DIR        read transactions from this queue (until a line #end) instead of generating them"
            + "\n  --rules DIR        rule updates, one line each (max-transactions=3); bin/sluice queue produce DIR adds one"
            + "\n  --alerts DIR       the queue alerts are written to, exactly once (default: next to the transactions)"
            + "\n  --seed N           the generator's seed (default 1)"
            + "\n  --accounts N       accounts in the generated traffic (default 300)"
            + "\n  --transactions N   about how many clean transactions (default 6000)"
            + "\n  --max-delay-s S    how late a transaction may arrive after its event time (default 30)";

    /** The checkpoint interval when none is configured: the alerts queue is committed at each. */
    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    static final long STATUS_INTERVAL_MS = 1_000;

    public static void main(String[] args) throws Exception {
        Launcher.run(new FraudDetection(), "fraud-detection", args);
    }

    @Override
    public void define(StreamEnvironment env, String[] args) {
        Flags flags = Flags.parse(args, USAGE, "seconds", "dir", "kafka", "topic-prefix", "queue", "rules", "alerts", "seed", "accounts",
                "transactions", "max-delay-s");
        long seconds = flags.getPositiveLong("seconds", 20);
        long maxDelayMs = flags.getPositiveLong("max-delay-s", 30) * 1000;
        FraudGenerator.Settings settings = FraudGenerator.Settings.defaults(flags.getPositiveLong("seed", 1))
                .withTransactions((int) flags.getPositiveLong("accounts", 300),
                        (int) flags.getPositiveLong("transactions", 6_000), 5);
        settings = new FraudGenerator.Settings(settings.seed(), settings.accounts(), settings.transactions(),
                settings.fraudsPerRule(), settings.startMs(), settings.durationMs(), maxDelayMs, settings.rules(), "");
        if (!env.config().contains(CheckpointingOptions.INTERVAL)) {
            env.config().set(CheckpointingOptions.INTERVAL, DEFAULT_CHECKPOINT_INTERVAL);
        }

        if (flags.has("kafka")) {
            if (flags.has("queue") || flags.has("rules") || flags.has("alerts") || flags.has("dir")) {
                throw flags.usageError("--kafka takes topics instead of --queue, --rules, --alerts and --dir");
            }
            FraudTopics topics = new FraudTopics(flags.get("kafka", null), flags.get("topic-prefix", "fraud-"));
            topics.createMissing();
            generate(env, settings, seconds, topics.sink(topics.transactions), topics.sink(topics.rules));
            System.err.println("fraud-detection: Kafka " + flags.get("kafka", null) + ": transactions from "
                    + topics.transactions + " (generated: " + settings.accounts() + " accounts, over " + seconds
                    + " s), rule updates from " + topics.rules + ", alerts to " + topics.alerts);
            define(env, topics.source(topics.transactions), topics.source(topics.rules), maxDelayMs, settings.rules())
                    .sinkTo(topics.sink(topics.alerts)).name("alerts-topic").uid("alerts-topic").setParallelism(1);
            return;
        }
        boolean generate = !flags.has("queue");
        Path base = !generate ? null : flags.has("dir") ? Path.of(flags.get("dir", null)) : newTempDirectory();
        Path transactionsQueue = generate ? base.resolve("transactions") : Path.of(flags.get("queue", null));
        Path home = generate ? base : transactionsQueue.toAbsolutePath().getParent();
        Path rulesQueue = flags.has("rules") ? Path.of(flags.get("rules", null)) : home.resolve("rules");
        Path alertsQueue = flags.has("alerts") ? Path.of(flags.get("alerts", null)) : home.resolve("alerts");
        // rules keep coming until the end marker when they have a queue of their own (or the generator ends it)
        boolean rulesUntilEnd = generate || flags.has("rules");

        if (generate) {
            generate(env, settings, seconds, queueSink(transactionsQueue), queueSink(rulesQueue));
        }
        System.err.println("fraud-detection: transactions " + transactionsQueue.toAbsolutePath()
                + (generate ? " (generated: " + settings.accounts() + " accounts, over " + seconds + " s)" : ""));
        System.err.println("fraud-detection: rules " + rulesQueue.toAbsolutePath()
                + (rulesUntilEnd ? "  (change one: echo max-transactions=3 | bin/sluice queue produce "
                + rulesQueue.toAbsolutePath() + ")" : "  (fixed: pass --rules DIR to change them while running)"));
        System.err.println("fraud-detection: alerts " + alertsQueue.toAbsolutePath()
                + "  (bin/sluice queue tail " + alertsQueue.toAbsolutePath() + " --from-start --committed)");

        define(env, queueSource(transactionsQueue, true), queueSource(rulesQueue, rulesUntilEnd),
                maxDelayMs, settings.rules())
                .sinkTo(queueSink(alertsQueue)).name("alerts-queue").uid("alerts-queue").setParallelism(1);
    }

    /**
     * The generator inside the job: the seeded traffic's lines, in arrival order, spread over
     * {@code seconds}, into {@code transactions}, and the end marker after them into both sinks.
     */
    private static void generate(StreamEnvironment env, FraudGenerator.Settings settings, long seconds,
                                 Sink<String> transactions, Sink<String> rules) {
        int lines = FraudGenerator.generate(settings).transactions().size() + 1;
        long perSecond = Math.max(1, (lines + seconds - 1) / seconds);
        DataStream<String> generated = env.fromSource(RateSource.of(perSecond).limit(lines),
                        WatermarkStrategy.noWatermarks(), "generator-clock").setParallelism(1).uid("generator-clock")
                .map(new GeneratedLine(settings)).name("generate").uid("generate").setParallelism(1);
        generated.sinkTo(transactions).name("transactions-out").uid("transactions-out").setParallelism(1);
        generated.filter(UntilEndMarker.END::equals).name("end-of-traffic").setParallelism(1)
                .sinkTo(rules).name("end-rules").uid("end-rules").setParallelism(1);
    }

    /**
     * The detection itself, from any source of transaction lines and of rule lines: returns the
     * alert lines (also printed with the status lines).
     */
    static DataStream<String> define(StreamEnvironment env, Source<String, ?> transactionLines,
                                     Source<String, ?> ruleLines, long maxDelayMs, Rules initial) {
        DataStream<Transaction> transactions = env.fromSource(transactionLines, WatermarkStrategy.noWatermarks(),
                        "transactions").setParallelism(1).uid("transactions")
                .map(Transaction::parse).name("parse").setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Transaction>forBoundedOutOfOrderness(
                        Duration.ofMillis(maxDelayMs)).withTimestampAssigner((tx, ts) -> tx.timeMs()))
                .name("event-time").uid("event-time").setParallelism(1);
        // rules come now and then: idle between them, so they never hold event time back
        DataStream<String> rules = env.fromSource(ruleLines,
                        WatermarkStrategy.<String>noWatermarks().withIdleness(Duration.ofMillis(500)), "rules")
                .setParallelism(1).uid("rules");

        DataStream<Alert> alerts = transactions
                .keyBy(Transaction::account)
                .connect(rules.broadcast(FraudDetector.RULES))
                .process(new FraudDetector(initial)).name("detect").uid("detect");
        DataStream<String> alertLines = alerts.map(Alert::toLine).name("format");
        DataStream<String> status = alerts.getSideOutput(FraudDetector.PROGRESS)
                .keyBy(p -> 0)
                .process(new StatusReporter(STATUS_INTERVAL_MS)).name("status").uid("status").setParallelism(1);
        alertLines.union(status)
                .sinkTo(ConsoleSink.<String>stdout().withFlushOnEveryLine()).name("print").setParallelism(1);
        return alertLines;
    }

    private static Sink<String> queueSink(Path queue) {
        return ChronicleQueueSink.forRecords(queue, RecordSerializer.<String>utf8()).build();
    }

    private static Source<String, ?> queueSource(Path queue, boolean untilEndMarker) {
        ChronicleQueueSource.Builder<String> b = ChronicleQueueSource.forRecords(queue, RecordDeserializer.utf8());
        return untilEndMarker ? new UntilEndMarker<>(b.unbounded().build()) : b.bounded().build();
    }

    private static Path newTempDirectory() {
        try {
            return Files.createTempDirectory("sluice-fraud-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for the queues: " + e.getMessage(), e);
        }
    }
}
