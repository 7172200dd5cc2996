package io.sluice.runtime.server;

import io.sluice.api.graph.PartitionTransformation.Partitioning;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.runtime.plan.ExecutionPlan;
import io.sluice.runtime.plan.OperatorNode;
import io.sluice.runtime.plan.PlanEdge;
import io.sluice.runtime.plan.PlannedChain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's graph for the REST API and the dashboard: its chains (one task per subtask each), the
 * operators in them with their figures over the last sampling interval, and the edges between
 * chains. Rates and busy time come from the difference of two samples; back-pressure is how full
 * the fullest subtask's output rings are.
 */
final class JobGraphView {

    private JobGraphView() {
    }

    static Map<String, Object> of(ExecutionPlan plan, RuntimeJob.Sample previous, RuntimeJob.Sample latest,
                                  int channelCapacity, long nowMs) {
        List<Map<String, Object>> chains = new ArrayList<>();
        List<Map<String, Object>> operators = new ArrayList<>();
        Map<PlannedChain, List<TaskMetrics>> latestByChain = byChain(plan, latest);
        Map<PlannedChain, List<TaskMetrics>> previousByChain = byChain(plan, previous);
        double seconds = previous == null || latest == null ? 0
                : (latest.nanoTime() - previous.nanoTime()) / 1e9;
        int operatorId = 0;
        for (PlannedChain chain : plan.chains()) {
            List<Integer> ids = new ArrayList<>();
            List<TaskMetrics> now = latestByChain.getOrDefault(chain, List.of());
            List<TaskMetrics> before = previousByChain.getOrDefault(chain, List.of());
            double busy = busyFraction(before, now);
            double backPressure = backPressure(now, channelCapacity * outputChannels(plan, chain));
            Double latencyP99Ms = latencyP99Ms(now);
            for (int position = 0; position < chain.operators().size(); position++) {
                OperatorNode node = chain.operators().get(position);
                ids.add(operatorId);
                Map<String, Object> op = new LinkedHashMap<>();
                op.put("id", operatorId++);
                op.put("name", node.name());
                op.put("chain", chain.index());
                op.put("parallelism", node.parallelism());
                long in = sum(now, position, true);
                long out = sum(now, position, false);
                op.put("recordsIn", in);
                op.put("recordsOut", out);
                op.put("recordsInPerSecond", rate(in, sum(before, position, true), seconds, before.isEmpty()));
                op.put("recordsOutPerSecond", rate(out, sum(before, position, false), seconds, before.isEmpty()));
                op.put("backPressure", backPressure);
                op.put("busy", busy);
                op.put("idle", now.isEmpty() ? 0.0 : 1.0 - busy);
                Long watermark = watermark(now, position);
                op.put("watermark", watermark);
                op.put("watermarkLagMs", watermark == null ? null : Math.max(0, nowMs - watermark));
                op.put("latencyP99Ms", latencyP99Ms);
                op.put("userMetrics", UserMetricsView.of(now, position));
                operators.add(op);
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", chain.index());
            c.put("name", chain.name());
            c.put("parallelism", chain.parallelism());
            c.put("operators", ids);
            chains.add(c);
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (PlanEdge e : plan.chainEdges()) {
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("source", plan.chainOf(e.source()).index());
            edge.put("target", plan.chainOf(e.target()).index());
            String partitioning = e.sideOutput() == null ? e.partitioning().name()
                    : e.partitioning().name() + " (side output " + e.sideOutput().id() + ")";
            if (e.target().transformation() instanceof io.sluice.api.graph.TwoInputTransformation<?, ?, ?>) {
                partitioning += " to input " + (e.targetInput() + 1); // which side of a connect
            }
            edge.put("partitioning", partitioning);
            edges.add(edge);
        }
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("chains", chains);
        graph.put("operators", operators);
        graph.put("edges", edges);
        return graph;
    }

    /** The tasks of each chain: they come chain by chain, one per subtask, named after their chain. */
    private static Map<PlannedChain, List<TaskMetrics>> byChain(ExecutionPlan plan, RuntimeJob.Sample sample) {
        Map<PlannedChain, List<TaskMetrics>> result = new LinkedHashMap<>();
        if (sample == null) {
            return result;
        }
        for (TaskMetrics t : sample.metrics().tasks()) {
            for (PlannedChain chain : plan.chains()) {
                List<TaskMetrics> list = result.computeIfAbsent(chain, c -> new ArrayList<>());
                if (chain.name().equals(t.task()) && list.size() < chain.parallelism()
                        && t.operators().size() == chain.operators().size()) {
                    list.add(t);
                    break;
                }
            }
        }
        return result;
    }

    private static long sum(List<TaskMetrics> tasks, int position, boolean in) {
        long total = 0;
        for (TaskMetrics t : tasks) {
            OperatorMetrics m = t.operators().get(position);
            total += in ? m.recordsIn() : m.recordsOut();
        }
        return total;
    }

    private static double rate(long now, long before, double seconds, boolean noPrevious) {
        if (noPrevious || seconds <= 0 || now < before) {
            return 0.0;
        }
        return (now - before) / seconds;
    }

    private static double busyFraction(List<TaskMetrics> before, List<TaskMetrics> now) {
        long busy = 0;
        long total = 0;
        for (int i = 0; i < now.size(); i++) {
            TaskMetrics n = now.get(i);
            TaskMetrics b = i < before.size() ? before.get(i) : null;
            long dBusy = n.busyNs() - (b == null ? 0 : b.busyNs());
            long dIdle = n.idleNs() - (b == null ? 0 : b.idleNs());
            if (dBusy >= 0 && dIdle >= 0) {
                busy += dBusy;
                total += dBusy + dIdle;
            }
        }
        return total == 0 ? 0.0 : Math.min(1.0, (double) busy / total);
    }

    private static int outputChannels(ExecutionPlan plan, PlannedChain chain) {
        int channels = 0;
        for (PlanEdge e : plan.chainEdges()) {
            if (plan.chainOf(e.source()) == chain) {
                channels += e.partitioning() == Partitioning.FORWARD ? 1 : e.target().parallelism();
            }
        }
        return channels;
    }

    private static double backPressure(List<TaskMetrics> tasks, long capacity) {
        if (capacity <= 0) {
            return 0.0;
        }
        double max = 0;
        for (TaskMetrics t : tasks) {
            max = Math.max(max, Math.min(1.0, (double) t.outputFill() / capacity));
        }
        return max;
    }

    /**
     * The 99th percentile of the latency from the sources to the chain's input, the highest over its
     * subtasks; null when latency tracking is off, for sources, and before any marker arrived.
     */
    private static Double latencyP99Ms(List<TaskMetrics> tasks) {
        long max = -1;
        for (TaskMetrics t : tasks) {
            if (t.latency() != null && t.latency().windowCount() > 0) {
                max = Math.max(max, t.latency().p99Ns());
            }
        }
        return max < 0 ? null : max / 1e6;
    }

    /** The lowest watermark over the subtasks that have one; null before any has. */
    private static Long watermark(List<TaskMetrics> tasks, int position) {
        long min = Long.MAX_VALUE;
        for (TaskMetrics t : tasks) {
            long w = t.operators().get(position).currentWatermark();
            if (w == Long.MIN_VALUE) {
                return null;
            }
            min = Math.min(min, w);
        }
        return tasks.isEmpty() || min == Long.MAX_VALUE ? null : min;
    }
}
