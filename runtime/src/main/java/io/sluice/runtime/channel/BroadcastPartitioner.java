package io.sluice.runtime.channel;

/** Every record to every channel (a broadcast stream); {@link RecordWriter} copies the reference, not the record. */
public final class BroadcastPartitioner implements Partitioner {
    @Override
    public int selectChannel(Object record, int numberOfChannels) {
        return ALL_CHANNELS;
    }
}
