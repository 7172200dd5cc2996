package io.sluice.runtime.channel;

/** Chooses the downstream channel of a record. Called by the producing task's thread only. */
public interface Partitioner {
    int selectChannel(Object record, int numberOfChannels) throws Exception;
}
