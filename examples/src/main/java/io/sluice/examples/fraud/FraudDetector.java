package io.sluice.examples.fraud;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedBroadcastProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.metrics.Counter;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The four rules, per account, with the thresholds of the rules stream (broadcast state).
 *
 * <p>Transactions arrive out of order; each waits in keyed state until the watermark passes its
 * event time (an event-time timer), and then the account's transactions are evaluated in event-time
 * order, so what is alerted does not depend on arrival order. Each rule keeps what it needs in keyed
 * state: the last small transaction (small-then-large), the transactions of the sliding window
 * (velocity), the count, total and categories used (unusual amount), the last place (impossible
 * travel). Windows are trimmed when a transaction comes, and by a timer at their end, so a quiet
 * account keeps nothing it no longer needs. An alert's transactions are forgotten by the rule that
 * raised it, so one pattern is alerted once.
 *
 * <p>A rule update (a line of the rules stream) changes the thresholds in every subtask; transactions
 * evaluated after it use the new ones. A malformed update is reported on stderr and ignored.
 */
final class FraudDetector extends KeyedBroadcastProcessFunction<String, Transaction, String, Alert> {

    private static final long serialVersionUID = 1L;

    /** The rules in force, under {@link #CURRENT}. */
    static final MapStateDescriptor<String, Rules> RULES = new MapStateDescriptor<>("rules", String.class, Rules.class);
    static final String CURRENT = "current";
    /** Totals for the status line. */
    static final OutputTag<Progress> PROGRESS = new OutputTag<>("progress");
    private static final long PROGRESS_INTERVAL_MS = 200;

    private final Rules initial;

    private transient MapState<Long, List<Transaction>> pending;
    private transient ValueState<Transaction> lastSmall;
    private transient ListState<Transaction> recent;
    private transient ValueState<AccountStats> stats;
    private transient MapState<String, Boolean> categories;
    private transient ValueState<Transaction> lastSeen;

    private transient Counter transactionsIn;
    private transient Counter alertsOut;
    private transient Counter ruleUpdates;
    private transient long transactions;
    private transient long alerts;
    /** Whether a processing-time timer will report progress; one at a time per subtask. */
    private transient boolean progressScheduled;

    FraudDetector(Rules initial) {
        this.initial = initial;
    }

    @Override
    public void open(RuntimeContext ctx) {
        pending = ctx.getMapState(new MapStateDescriptor<>("pending", Serializers.LONG,
                Serializers.listOf(Serializers.of(Transaction.class))));
        lastSmall = ctx.getState(new ValueStateDescriptor<>("last-small", Transaction.class));
        recent = ctx.getListState(new ListStateDescriptor<>("recent", Transaction.class));
        stats = ctx.getState(new ValueStateDescriptor<>("stats", AccountStats.class));
        categories = ctx.getMapState(new MapStateDescriptor<>("categories", String.class, Boolean.class));
        lastSeen = ctx.getState(new ValueStateDescriptor<>("last-seen", Transaction.class));
        transactionsIn = ctx.getMetricGroup().counter("transactions");
        alertsOut = ctx.getMetricGroup().counter("alerts");
        ruleUpdates = ctx.getMetricGroup().counter("rule-updates");
    }

    @Override
    public void processElement(Transaction tx, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        transactions++;
        transactionsIn.inc();
        if (tx.timeMs() <= ctx.currentWatermark()) {
            // later than the bounded out-of-orderness promised: evaluated now, out of event-time order
            evaluate(tx, rules(ctx), ctx, out);
        } else {
            List<Transaction> at = pending.get(tx.timeMs());
            List<Transaction> waiting = at == null ? new ArrayList<>(1) : new ArrayList<>(at);
            waiting.add(tx);
            pending.put(tx.timeMs(), waiting);
            ctx.timerService().registerEventTimeTimer(tx.timeMs());
        }
        if (!progressScheduled) {
            // on whichever key is current: at the end of input it fires after every event-time timer
            progressScheduled = true;
            ctx.timerService().registerProcessingTimeTimer(ctx.currentProcessingTime() + PROGRESS_INTERVAL_MS);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            progressScheduled = false;
            reportProgress(ctx);
            return;
        }
        Rules r = rules(ctx);
        List<Transaction> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            List<Transaction> ordered = new ArrayList<>(due);
            ordered.sort(Comparator.comparing(Transaction::id));
            for (Transaction tx : ordered) {
                evaluate(tx, r, ctx, out);
            }
        }
        expire(timestamp, r);
    }

    @Override
    public void processBroadcastElement(String update, Context ctx, Collector<Alert> out) throws Exception {
        Rules current = ctx.getBroadcastState(RULES).get(CURRENT);
        Rules now;
        try {
            now = (current == null ? initial : current).with(update);
        } catch (IllegalArgumentException e) {
            if (getRuntimeContext().subtaskIndex() == 0) {
                System.err.println("fraud-detection: ignored " + e.getMessage());
            }
            return;
        }
        ctx.getBroadcastState(RULES).put(CURRENT, now);
        ruleUpdates.inc();
        if (getRuntimeContext().subtaskIndex() == 0) {
            System.out.println("RULES " + now);
        }
    }

    private Rules rules(ReadOnlyContext ctx) throws Exception {
        Rules r = ctx.getBroadcastState(RULES).get(CURRENT);
        return r == null ? initial : r;
    }

    /** Runs every rule on {@code tx}, the account's next transaction in event time. */
    private void evaluate(Transaction tx, Rules r, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        smallThenLarge(tx, r, ctx, out);
        velocity(tx, r, ctx, out);
        unusualAmount(tx, r, ctx, out);
        impossibleTravel(tx, r, ctx, out);
    }

    private void smallThenLarge(Transaction tx, Rules r, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Transaction small = lastSmall.value();
        if (small != null && tx.amountCents() > r.largeCents() && tx.timeMs() - small.timeMs() <= r.smallLargeWindowMs()) {
            alert(Alert.of(FraudRule.SMALL_THEN_LARGE, tx.account(), List.of(small, tx),
                    "under " + Transaction.formatCents(r.smallCents()) + " then over "
                            + Transaction.formatCents(r.largeCents()) + " within " + r.smallLargeWindowMs() / 1000 + "s"),
                    ctx, out);
            lastSmall.clear();
        }
        if (tx.amountCents() < r.smallCents()) {
            lastSmall.update(tx);
            ctx.timerService().registerEventTimeTimer(tx.timeMs() + r.smallLargeWindowMs() + 1);
        }
    }

    private void velocity(Transaction tx, Rules r, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        List<Transaction> window = new ArrayList<>();
        for (Transaction t : recent.get()) {
            if (t.timeMs() > tx.timeMs() - r.velocityWindowMs()) {
                window.add(t);
            }
        }
        window.add(tx);
        if (window.size() > r.maxTransactions()) {
            alert(Alert.of(FraudRule.VELOCITY, tx.account(), window,
                    window.size() + " in " + (tx.timeMs() - window.get(0).timeMs()) / 1000 + "s, more than "
                            + r.maxTransactions() + " in " + r.velocityWindowMs() / 1000 + "s"), ctx, out);
            recent.clear();
        } else {
            recent.update(window);
            ctx.timerService().registerEventTimeTimer(tx.timeMs() + r.velocityWindowMs() + 1);
        }
    }

    private void unusualAmount(Transaction tx, Rules r, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        AccountStats s = stats.value();
        if (s != null && s.count() >= r.minHistory() && !categories.contains(tx.category())
                && tx.amountCents() * s.count() > r.unusualFactor() * s.sumCents()) {
            alert(Alert.of(FraudRule.UNUSUAL_AMOUNT, tx.account(), List.of(tx),
                    "over " + r.unusualFactor() + "x the average " + Transaction.formatCents(s.sumCents() / s.count())
                            + ", first time in " + tx.category()), ctx, out);
        }
        stats.update(s == null ? new AccountStats(1, tx.amountCents()) : s.add(tx.amountCents()));
        categories.put(tx.category(), Boolean.TRUE);
    }

    private void impossibleTravel(Transaction tx, Rules r, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        Transaction previous = lastSeen.value();
        if (previous != null) {
            double km = City.distanceKm(previous.lat(), previous.lon(), tx.lat(), tx.lon());
            long ms = Math.abs(tx.timeMs() - previous.timeMs());
            if (km > 0 && km * 3_600_000 > (double) r.maxSpeedKmh() * ms) {
                alert(Alert.of(FraudRule.IMPOSSIBLE_TRAVEL, tx.account(), List.of(previous, tx),
                        Math.round(km) + " km in " + ms / 60_000 + " min, faster than " + r.maxSpeedKmh() + " km/h"),
                        ctx, out);
            }
        }
        lastSeen.update(tx);
    }

    /** Forgets what the windows no longer cover at event time {@code now}. */
    private void expire(long now, Rules r) throws Exception {
        Transaction small = lastSmall.value();
        if (small != null && now - small.timeMs() > r.smallLargeWindowMs()) {
            lastSmall.clear();
        }
        List<Transaction> window = new ArrayList<>();
        boolean dropped = false;
        for (Transaction t : recent.get()) {
            if (now - t.timeMs() < r.velocityWindowMs()) {
                window.add(t);
            } else {
                dropped = true;
            }
        }
        if (window.isEmpty()) {
            recent.clear();
        } else if (dropped) {
            recent.update(window);
        }
    }

    private void alert(Alert alert, ReadOnlyContext ctx, Collector<Alert> out) {
        out.collect(alert);
        alerts++;
        alertsOut.inc();
        reportProgress(ctx);
    }

    private void reportProgress(ReadOnlyContext ctx) {
        ctx.output(PROGRESS, new Progress(getRuntimeContext().subtaskIndex(), transactions, alerts));
    }
}
