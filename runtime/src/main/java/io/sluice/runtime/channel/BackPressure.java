package io.sluice.runtime.channel;

/**
 * Counts a task's output channels that hold overflow. Non-zero means the task must not take new
 * input. Single-threaded: the task's worker thread.
 */
public final class BackPressure {

    private int overflowingChannels;

    public boolean isBlocked() {
        return overflowingChannels != 0;
    }

    void channelStartedOverflowing() {
        overflowingChannels++;
    }

    void channelDrained() {
        overflowingChannels--;
    }
}
