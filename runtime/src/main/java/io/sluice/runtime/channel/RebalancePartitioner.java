package io.sluice.runtime.channel;

/** Round robin, starting at a subtask-dependent channel so that parallel producers spread out. */
public final class RebalancePartitioner implements Partitioner {

    private int next;

    public RebalancePartitioner(int startChannel) {
        this.next = startChannel;
    }

    @Override
    public int selectChannel(Object record, int numberOfChannels) {
        int c = next;
        next = c + 1 == numberOfChannels ? 0 : c + 1;
        return c >= numberOfChannels ? 0 : c;
    }
}
