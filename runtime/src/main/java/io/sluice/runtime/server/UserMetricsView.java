package io.sluice.runtime.server;

import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.metrics.UserMetric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user metrics of one operator for the job graph, each merged over the operator's subtasks:
 * counts and rates added up, gauges as sum, minimum and maximum, histograms with the count and
 * mean of all values, their extremes, and the highest of the subtasks' quantiles (quantiles of
 * separate subtasks cannot be merged exactly).
 */
final class UserMetricsView {

    private UserMetricsView() {
    }

    /** One entry per metric name, in the order the first subtask registered them. */
    static List<Map<String, Object>> of(List<TaskMetrics> tasks, int position) {
        Map<String, Merged> byName = new LinkedHashMap<>();
        for (TaskMetrics t : tasks) {
            for (UserMetric m : t.operators().get(position).userMetrics()) {
                byName.computeIfAbsent(m.name() + "/" + m.getClass().getSimpleName(), k -> new Merged(m.name()))
                        .add(m);
            }
        }
        List<Map<String, Object>> result = new ArrayList<>(byName.size());
        for (Merged m : byName.values()) {
            result.add(m.toJson());
        }
        return result;
    }

    /** The merge of one metric over subtasks. */
    private static final class Merged {
        final String name;
        String type;
        long count;
        double sum;
        double rate;
        boolean anyValue;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long histogramSum;
        long histogramMin = Long.MAX_VALUE;
        long histogramMax = Long.MIN_VALUE;
        long windowCount;
        long p50;
        long p90;
        long p99;
        long p999;

        Merged(String name) {
            this.name = name;
        }

        void add(UserMetric metric) {
            if (metric instanceof UserMetric.CounterValue c) {
                type = "counter";
                count += c.count();
            } else if (metric instanceof UserMetric.GaugeValue g) {
                type = "gauge";
                if (!Double.isNaN(g.value())) {
                    anyValue = true;
                    sum += g.value();
                    min = Math.min(min, g.value());
                    max = Math.max(max, g.value());
                }
            } else if (metric instanceof UserMetric.MeterValue m) {
                type = "meter";
                count += m.count();
                rate += m.ratePerSecond();
            } else if (metric instanceof UserMetric.HistogramValue h) {
                type = "histogram";
                count += h.count();
                histogramSum += h.sum();
                if (h.count() > 0) {
                    anyValue = true;
                    histogramMin = Math.min(histogramMin, h.min());
                    histogramMax = Math.max(histogramMax, h.max());
                }
                if (h.windowCount() > 0) {
                    windowCount += h.windowCount();
                    p50 = Math.max(p50, h.p50());
                    p90 = Math.max(p90, h.p90());
                    p99 = Math.max(p99, h.p99());
                    p999 = Math.max(p999, h.p999());
                }
            }
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("type", type);
            switch (type) {
                case "counter" -> json.put("count", count);
                case "gauge" -> {
                    json.put("sum", anyValue ? sum : null);
                    json.put("min", anyValue ? min : null);
                    json.put("max", anyValue ? max : null);
                }
                case "meter" -> {
                    json.put("count", count);
                    json.put("ratePerSecond", rate);
                }
                default -> {
                    json.put("count", count);
                    json.put("min", anyValue ? histogramMin : null);
                    json.put("max", anyValue ? histogramMax : null);
                    json.put("mean", count == 0 ? null : (double) histogramSum / count);
                    boolean quantiles = windowCount > 0;
                    json.put("p50", quantiles ? p50 : null);
                    json.put("p90", quantiles ? p90 : null);
                    json.put("p99", quantiles ? p99 : null);
                    json.put("p999", quantiles ? p999 : null);
                }
            }
            return json;
        }
    }
}
