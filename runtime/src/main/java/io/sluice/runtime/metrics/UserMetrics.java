package io.sluice.runtime.metrics;

import io.sluice.api.metrics.Counter;
import io.sluice.api.metrics.Gauge;
import io.sluice.api.metrics.Histogram;
import io.sluice.api.metrics.Meter;
import io.sluice.api.metrics.MetricGroup;
import io.sluice.api.metrics.UserMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metrics the functions of one operator in one subtask registered. Functions register through
 * {@link #group()}, usually in {@code open} on the worker thread; {@link #snapshot} is called by any
 * thread that reads metrics, takes no lock shared with registration and none the worker holds.
 */
public final class UserMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(UserMetrics.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    /** A registered metric under its full name. */
    private record Entry(String name, Object metric) {
    }

    private final String operator;
    private final Group root = new Group("");

    /**
     * Copy-on-write: registration (serialized by {@code this}) publishes a new array through the
     * volatile field, so readers iterate a complete array without a lock.
     */
    private volatile Entry[] entries = new Entry[0];

    // ---- guarded by this ----
    private final Set<String> names = new HashSet<>();
    private final Map<String, Group> groups = new HashMap<>();

    /** @param operator how errors name the operator and subtask, e.g. {@code 'parse' (subtask 1/4)} */
    public UserMetrics(String operator) {
        this.operator = operator;
    }

    /** The operator's group, where its functions register. */
    public MetricGroup group() {
        return root;
    }

    /** The value of every metric, in the order they were registered; an empty list when there are none. */
    public List<UserMetric> snapshot() {
        Entry[] current = entries;
        if (current.length == 0) {
            return List.of();
        }
        List<UserMetric> values = new ArrayList<>(current.length);
        for (Entry e : current) {
            values.add(valueOf(e));
        }
        return values;
    }

    private UserMetric valueOf(Entry e) {
        Object m = e.metric();
        if (m instanceof UserCounter c) {
            return new UserMetric.CounterValue(e.name(), c.getCount());
        }
        if (m instanceof UserMeter meter) {
            return new UserMetric.MeterValue(e.name(), meter.getCount(), meter.rate(System.nanoTime()));
        }
        if (m instanceof UserHistogram h) {
            return h.snapshot();
        }
        return new UserMetric.GaugeValue(e.name(), read((Gauge<?>) m, e.name()));
    }

    /** A gauge runs user code on the reading thread: its failure costs its own value only. */
    private double read(Gauge<?> gauge, String name) {
        try {
            Object value = gauge.getValue();
            return value instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (RuntimeException e) {
            LOG.debug("gauge '{}' of operator {} failed", name, operator, e);
            return Double.NaN;
        }
    }

    private synchronized <M> M register(String prefix, String name, String kind, M metric) {
        String full = prefix + checked(name, kind);
        if (!names.add(full)) {
            throw new IllegalArgumentException("a metric named '" + full + "' is already registered in operator "
                    + operator + "; give each metric its own name, or keep the one registered first in a field");
        }
        Entry[] current = entries;
        Entry[] next = java.util.Arrays.copyOf(current, current.length + 1);
        next[current.length] = new Entry(full, metric);
        entries = next;
        return metric;
    }

    private synchronized Group group(String prefix, String name) {
        return groups.computeIfAbsent(prefix + checked(name, "group") + ".", Group::new);
    }

    private String checked(String name, String kind) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the " + kind + " name " + (name == null ? "null" : "'" + name + "'")
                    + " in operator " + operator + " is not valid; use 1 to 100 letters, digits, '_' or '-'"
                    + " (nest names with addGroup)");
        }
        return name;
    }

    /** A group: a prefix on the names of the metrics registered through it. */
    private final class Group implements MetricGroup {

        private final String prefix;

        Group(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Counter counter(String name) {
            return register(prefix, name, "counter", new UserCounter());
        }

        @Override
        public <T extends Number, G extends Gauge<T>> G gauge(String name, G gauge) {
            if (gauge == null) {
                throw new IllegalArgumentException("gauge '" + prefix + name + "' in operator " + operator
                        + " is null; pass the gauge to read, e.g. () -> buffer.size()");
            }
            return register(prefix, name, "gauge", gauge);
        }

        @Override
        public Histogram histogram(String name) {
            return register(prefix, name, "histogram", new UserHistogram(prefix + name));
        }

        @Override
        public Meter meter(String name) {
            return register(prefix, name, "meter", new UserMeter(System.nanoTime()));
        }

        @Override
        public MetricGroup addGroup(String name) {
            return group(prefix, name);
        }
    }
}
