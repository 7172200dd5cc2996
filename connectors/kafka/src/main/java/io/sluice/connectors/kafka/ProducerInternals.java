package io.sluice.connectors.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The two things the exactly-once sink needs from a {@link KafkaProducer} that its public API does
 * not offer (kafka-clients 4.4 keeps KIP-939's prepare/complete methods internal): reading the
 * producer id and epoch of the open transaction, so that a checkpoint can store them, and resuming
 * that transaction in a new producer after a crash, so that it can be committed. Both reach into
 * {@code TransactionManager}, as Flink's Kafka sink does; this class is the only place that does, and
 * it names the kafka-clients version it was written against when the internals do not match.
 */
final class ProducerInternals {

    private static final String CHECKED_AGAINST = "kafka-clients 4.4";

    private static final Field TRANSACTION_MANAGER;
    private static final Field PRODUCER_ID_AND_EPOCH;
    private static final Field TRANSACTION_STARTED;
    private static final Field TRANSACTION_V2;
    private static final Field PARTITIONS;
    private static final Method RESET_PARTITIONS;
    private static final Method TRANSITION_TO;
    private static final Class<? extends Enum> STATE;
    private static final Constructor<?> NEW_PRODUCER_ID_AND_EPOCH;
    private static final Field PRODUCER_ID;
    private static final Field EPOCH;
    private static final RuntimeException UNSUPPORTED;

    static {
        Field tm = null;
        Field pie = null;
        Field started = null;
        Field v2 = null;
        Field partitions = null;
        Method reset = null;
        Method transition = null;
        Class<? extends Enum> state = null;
        Constructor<?> newPie = null;
        Field pid = null;
        Field epoch = null;
        RuntimeException unsupported = null;
        try {
            tm = accessible(KafkaProducer.class.getDeclaredField("transactionManager"));
            Class<?> tmClass = tm.getType();
            pie = accessible(tmClass.getDeclaredField("producerIdAndEpoch"));
            started = accessible(tmClass.getDeclaredField("transactionStarted"));
            v2 = accessible(tmClass.getDeclaredField("isTransactionV2Enabled"));
            partitions = accessible(tmClass.getDeclaredField("txnPartitionMap"));
            reset = accessible(partitions.getType().getDeclaredMethod("reset"));
            state = enumClass(Class.forName(tmClass.getName() + "$State", false, tmClass.getClassLoader()));
            transition = accessible(tmClass.getDeclaredMethod("transitionTo", state));
            newPie = pie.getType().getConstructor(long.class, short.class);
            pid = pie.getType().getField("producerId");
            epoch = pie.getType().getField("epoch");
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsupported = new UnsupportedOperationException("the exactly-once Kafka sink does not support the"
                    + " kafka-clients on the classpath (its producer internals differ from " + CHECKED_AGAINST
                    + "'s: " + e + "); use kafka-clients 4.4.x, or the at-least-once sink", e);
        }
        TRANSACTION_MANAGER = tm;
        PRODUCER_ID_AND_EPOCH = pie;
        TRANSACTION_STARTED = started;
        TRANSACTION_V2 = v2;
        PARTITIONS = partitions;
        RESET_PARTITIONS = reset;
        STATE = state;
        TRANSITION_TO = transition;
        NEW_PRODUCER_ID_AND_EPOCH = newPie;
        PRODUCER_ID = pid;
        EPOCH = epoch;
        UNSUPPORTED = unsupported;
    }

    private ProducerInternals() {
    }

    /** Throws, naming the fix, when this kafka-clients cannot be used for exactly-once output. */
    static void checkSupported() {
        if (UNSUPPORTED != null) {
            throw UNSUPPORTED;
        }
    }

    /** The transaction {@code producer} (initialized, in a transaction) has open. */
    static KafkaTransaction currentTransaction(String transactionalId, KafkaProducer<?, ?> producer) {
        checkSupported();
        try {
            Object manager = TRANSACTION_MANAGER.get(producer);
            Object idAndEpoch = PRODUCER_ID_AND_EPOCH.get(manager);
            return new KafkaTransaction(transactionalId, PRODUCER_ID.getLong(idAndEpoch),
                    EPOCH.getShort(idAndEpoch), TRANSACTION_V2.getBoolean(manager));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the producer's transaction: " + e, e);
        }
    }

    /**
     * Makes {@code producer} (created with {@code transaction}'s transactional id and never
     * initialized) carry on {@code transaction}, so that {@code commitTransaction} ends it: the
     * transaction manager is put through the states an initialization would take it through, with
     * the stored producer id and epoch instead of new ones.
     */
    static void resume(KafkaProducer<?, ?> producer, KafkaTransaction transaction) {
        checkSupported();
        try {
            Object manager = TRANSACTION_MANAGER.get(producer);
            synchronized (manager) { // the transaction manager's own monitor, as its methods take
                transition(manager, "INITIALIZING");
                RESET_PARTITIONS.invoke(PARTITIONS.get(manager));
                PRODUCER_ID_AND_EPOCH.set(manager, NEW_PRODUCER_ID_AND_EPOCH.newInstance(transaction.producerId(),
                        transaction.epoch()));
                TRANSACTION_V2.setBoolean(manager, transaction.transactionV2());
                transition(manager, "READY");
                transition(manager, "IN_TRANSACTION");
                TRANSACTION_STARTED.setBoolean(manager, true);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot resume Kafka transaction " + transaction + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void transition(Object manager, String state) throws ReflectiveOperationException {
        TRANSITION_TO.invoke(manager, Enum.valueOf(STATE, state));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<? extends Enum> enumClass(Class<?> c) {
        return (Class<? extends Enum>) c;
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
        member.setAccessible(true);
        return member;
    }
}
