package io.sluice.api.functions;

/**
 * Time and timers of a keyed operator. Timers are per key (and window, inside windows); one timer
 * per (key, timestamp): registering it twice fires it once.
 */
public interface TimerService {

    /** The current processing time in milliseconds since the epoch. */
    long currentProcessingTime();

    /** The operator's current event-time watermark; {@code Long.MIN_VALUE} before the first one. */
    long currentWatermark();

    /** Calls {@code onTimer} once the watermark reaches {@code time}. */
    void registerEventTimeTimer(long time);

    /** Calls {@code onTimer} once the processing time reaches {@code time}. */
    void registerProcessingTimeTimer(long time);

    void deleteEventTimeTimer(long time);

    void deleteProcessingTimeTimer(long time);
}
