package io.sluice.runtime.operators.window;

/**
 * What a {@link WindowCombiner} sends instead of the records it folded: for one key and one slice,
 * their accumulator (the reduced value, or an aggregate's accumulator), the key with its key group,
 * and how many records it holds (counted as dropped if it arrives late). Its timestamp, on the
 * channel, is one of those records'.
 */
final class WindowPartial {

    final Object key;
    final int keyGroup;
    final Object accumulator;
    final int records;

    WindowPartial(Object key, int keyGroup, Object accumulator, int records) {
        this.key = key;
        this.keyGroup = keyGroup;
        this.accumulator = accumulator;
        this.records = records;
    }

    @Override
    public String toString() {
        return "WindowPartial{key=" + key + ", records=" + records + ", accumulator=" + accumulator + '}';
    }
}
