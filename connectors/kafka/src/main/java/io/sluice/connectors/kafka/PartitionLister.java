package io.sluice.connectors.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Lists a source's partitions and resolves starting and stopping offsets with an {@link Admin}
 * client. Used on the thread that builds the job and on the discovery thread; one per call.
 */
final class PartitionLister implements AutoCloseable {

    private static final long TIMEOUT_MS = 30_000;

    private final Admin admin;
    private final IsolationLevel isolation;

    PartitionLister(Map<String, Object> adminConfig, IsolationLevel isolation) {
        this.admin = Admin.create(adminConfig);
        this.isolation = isolation;
    }

    /** Every partition of the topics (which must exist) or of every topic matching the pattern, in order. */
    List<TopicPartition> partitions(List<String> topics, Pattern pattern) throws Exception {
        Collection<String> names;
        if (pattern != null) {
            names = new TreeSet<>();
            for (String name : get(admin.listTopics().names(), "listing topics")) {
                if (pattern.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } else {
            names = topics;
        }
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = get(admin.describeTopics(names).allTopicNames(), "describing topics " + names);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("a topic of " + names + " does not exist on the cluster; create it"
                        + " before the job starts (or read topics by pattern, which finds topics created later)",
                        e.getCause());
            }
            throw e;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription d : descriptions.values()) {
            d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }

    /** Where reading starts in each partition: a concrete offset, or {@link KafkaPartitionSplit#EARLIEST}. */
    Map<TopicPartition, Long> startOffsets(List<TopicPartition> partitions, StartingOffsets start, String groupId)
            throws Exception {
        Map<TopicPartition, Long> result = new HashMap<>();
        if (start instanceof StartingOffsets.Earliest) {
            partitions.forEach(tp -> result.put(tp, KafkaPartitionSplit.EARLIEST));
        } else if (start instanceof StartingOffsets.Latest) {
            result.putAll(listOffsets(partitions, OffsetSpec.latest()));
        } else if (start instanceof StartingOffsets.Timestamp t) {
            Map<TopicPartition, Long> atTime = listOffsets(partitions, OffsetSpec.forTimestamp(t.epochMs));
            List<TopicPartition> none = new ArrayList<>();
            atTime.forEach((tp, offset) -> {
                if (offset < 0) {
                    none.add(tp); // no record at or after the time: start at the end
                } else {
                    result.put(tp, offset);
                }
            });
            result.putAll(listOffsets(none, OffsetSpec.latest()));
        } else if (start instanceof StartingOffsets.Committed c) {
            if (groupId == null) {
                throw new IllegalArgumentException("starting from the committed offsets needs a consumer group: set"
                        + " the consumer property group.id");
            }
            Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata(), "reading the offsets of group " + groupId);
            List<TopicPartition> missing = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata om = committed.get(tp);
                if (om == null) {
                    missing.add(tp);
                } else {
                    result.put(tp, om.offset());
                }
            }
            result.putAll(startOffsets(missing, c.fallback, groupId));
        } else if (start instanceof StartingOffsets.Specific s) {
            List<TopicPartition> missing = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Long offset = s.offsets.get(tp);
                if (offset == null) {
                    missing.add(tp);
                } else {
                    result.put(tp, offset);
                }
            }
            result.putAll(startOffsets(missing, s.fallback, groupId));
        } else {
            throw new IllegalArgumentException("unknown starting offsets " + start);
        }
        return result;
    }

    /** The end of each partition now (for read_committed, its last stable offset). */
    Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) throws Exception {
        return listOffsets(partitions, OffsetSpec.latest());
    }

    private Map<TopicPartition, Long> listOffsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, Long> result = new HashMap<>();
        if (partitions.isEmpty()) {
            return result;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        get(admin.listOffsets(request, new ListOffsetsOptions(isolation)).all(), "listing offsets of " + partitions)
                .forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    private static <V> V get(org.apache.kafka.common.KafkaFuture<V> future, String what) throws Exception {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " took more than " + TIMEOUT_MS + " ms: is the cluster reachable?", e);
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
