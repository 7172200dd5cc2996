package io.sluice.runtime.channel;

/** Chooses the downstream channel of a record. Called by the producing task's thread only. */
public interface Partitioner {

    /** What {@link #selectChannel} returns for a record that goes to every channel. */
    int ALL_CHANNELS = -1;

    /** The channel of {@code record}, or {@link #ALL_CHANNELS}. */
    int selectChannel(Object record, int numberOfChannels) throws Exception;
}
