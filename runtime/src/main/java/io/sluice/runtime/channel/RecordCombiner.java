package io.sluice.runtime.channel;

/**
 * Folds the records a {@link RecordWriter} would send into fewer, partial ones before they cross
 * to the next task (a first stage of aggregation on the sending side). The writer hands it every
 * record, and lets it send what it holds before anything that must not overtake those records: a
 * watermark, a watermark status, a checkpoint barrier, the end of input. Worker thread of the
 * sending task only.
 */
public interface RecordCombiner {

    /** Where {@link #flush} sends each partial record. */
    interface Sender {
        void send(int channel, Object partial, long timestamp);
    }

    /**
     * Takes {@code value} into a partial record; false when it is not one to fold (the writer sends
     * it as it is).
     */
    boolean combine(Object value, long timestamp) throws Exception;

    /**
     * Whether the writer is to flush it now: it holds as many partial records as it keeps, or most
     * of what it holds will fold no further (event time has left their window slice).
     */
    boolean isFull();

    /** Sends every partial record it holds, to the channel of its key among {@code channels}, and forgets them. */
    void flush(Sender sender, int channels);
}
