package io.sluice.connectors.kafka;

/**
 * A Kafka transaction pre-committed at a checkpoint barrier: what a checkpoint stores so that the
 * transaction can be committed when the checkpoint completes, by the producer that opened it or,
 * after a crash, by a new producer that resumes it.
 *
 * @param transactionalId the producer's {@code transactional.id}
 * @param producerId      the producer id the coordinator gave it
 * @param epoch           the producer epoch the transaction was opened with
 * @param transactionV2   whether the transaction follows Kafka's transaction protocol version 2
 *                        (KIP-890: the epoch goes up at the end of every transaction)
 */
record KafkaTransaction(String transactionalId, long producerId, short epoch, boolean transactionV2) {

    @Override
    public String toString() {
        return transactionalId + " (producer id " + producerId + ", epoch " + epoch + ")";
    }
}
