package io.sluice.connectors.chronicle;

/** Takes the records a queue reader delivers; called on the reader's thread. It must not keep the record view. */
@FunctionalInterface
public interface QueueRecordHandler {
    void accept(QueueRecord record) throws Exception;
}
