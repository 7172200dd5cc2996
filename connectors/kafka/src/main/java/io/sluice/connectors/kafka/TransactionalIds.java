package io.sluice.connectors.kafka;

import java.util.regex.Pattern;

/**
 * The transactional ids of one exactly-once Kafka sink: {@code <prefix>-<job lineage>-<subtask>-<n>},
 * {@code n} counting the producers a subtask opened in a run. The lineage keeps the ids of two jobs
 * with the same sink apart, and lets a restored job find every transaction its earlier runs left
 * open (all ids with {@code <prefix>-<lineage>-}), whatever their parallelism was.
 */
final class TransactionalIds {

    private final String prefix;

    /** @param prefix the sink's prefix: {@code sluice-<sink name>} unless the user chose one */
    TransactionalIds(String prefix) {
        this.prefix = prefix;
    }

    /** The default prefix of a sink named {@code sinkName}: its letters, digits, '.', '_' and '-' kept. */
    static String defaultPrefix(String sinkName) {
        return "sluice-" + sinkName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    String prefix() {
        return prefix;
    }

    /** The {@code n}-th transactional id of {@code subtask} in lineage {@code lineage}. */
    String id(String lineage, int subtask, int n) {
        return lineageScope(lineage) + subtask + "-" + n;
    }

    /** What every id of lineage {@code lineage} starts with. */
    String lineageScope(String lineage) {
        return prefix + "-" + lineage + "-";
    }

    /** A regular expression (Kafka's {@code filterOnTransactionalIdPattern}) matching the ids of a lineage. */
    String lineagePattern(String lineage) {
        return Pattern.quote(lineageScope(lineage)) + "[0-9]+-[0-9]+";
    }

    /** Whether {@code transactionalId} is one of lineage {@code lineage}'s. */
    boolean isOfLineage(String transactionalId, String lineage) {
        return transactionalId.matches(lineagePattern(lineage));
    }
}
