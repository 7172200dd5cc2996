package io.sluice.runtime.time;

import io.sluice.api.serialization.Serializers;
import io.sluice.runtime.operators.BackendKeyContext;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Timers on a real keyed backend (one subclass per backend): event-time timers live in its timer queue. */
abstract class InternalTimerServiceContractTest {

    private static final int MAX_PARALLELISM = 128;

    private final List<String> fired = new ArrayList<>();
    private boolean blocked;

    private final KeyedStateBackend backend = backend().createKeyedStateBackend(new KeyedBackendParameters(
            "timers-test", 0, MAX_PARALLELISM, KeyGroups.rangeFor(0, MAX_PARALLELISM, 1)));

    private final KeyContext keys = new BackendKeyContext(backend, null, MAX_PARALLELISM);

    private final InternalTimerService<String> timers = service(new Triggerable<>() {
        @Override
        public void onEventTime(TimerEntry<String> t) {
            fired.add("E" + t.timestamp() + ":" + keys.currentKey() + ":" + t.namespace());
        }

        @Override
        public void onProcessingTime(TimerEntry<String> t) {
            fired.add("P" + t.timestamp() + ":" + keys.currentKey() + ":" + t.namespace());
        }
    });

    abstract StateBackend backend();

    private InternalTimerService<String> service(Triggerable<String> target) {
        return new InternalTimerService<>(keys, target, backend.timerQueue("event", Serializers.STRING),
                backend.timerQueue("processing", Serializers.STRING));
    }

    private void key(String k) {
        backend.setCurrentKey(k, KeyGroups.keyGroupFor(k, MAX_PARALLELISM));
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @Test
    void shouldFireEventTimersInOrderWithTheirKeyOnceEach() throws Exception {
        key("a");
        timers.registerEventTimeTimer("w", 30);
        timers.registerEventTimeTimer("w", 30);
        key("b");
        timers.registerEventTimeTimer("w", 10);
        timers.registerEventTimeTimer("v", 20);
        assertThat(timers.advanceWatermark(25, () -> false)).isTrue();
        assertThat(fired).containsExactly("E10:b:w", "E20:b:v");
        assertThat(timers.advanceWatermark(30, () -> false)).isTrue();
        assertThat(fired).containsExactly("E10:b:w", "E20:b:v", "E30:a:w");
        assertThat(timers.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldNotFireDeletedTimers() throws Exception {
        key("a");
        timers.registerEventTimeTimer("w", 5);
        timers.deleteEventTimeTimer("w", 5);
        timers.advanceWatermark(100, () -> false);
        assertThat(fired).isEmpty();
    }

    @Test
    void shouldPauseWhenTheOutputIsBlockedAndResume() throws Exception {
        key("a");
        for (int t = 1; t <= 5; t++) {
            timers.registerEventTimeTimer("w", t);
        }
        OutputGate gate = () -> fired.size() >= 2 && blocked;
        blocked = true;
        assertThat(timers.advanceWatermark(10, gate)).isFalse();
        assertThat(fired).hasSize(2);
        blocked = false;
        assertThat(timers.advanceWatermark(10, gate)).isTrue();
        assertThat(fired).containsExactly("E1:a:w", "E2:a:w", "E3:a:w", "E4:a:w", "E5:a:w");
    }

    @Test
    void shouldFireProcessingTimersFromTheWheelWhenDue() throws Exception {
        key("k");
        timers.registerProcessingTimeTimer("w", 1_005);
        timers.registerProcessingTimeTimer("w", 1_002);
        timers.registerProcessingTimeTimer("w", 1_002);
        assertThat(timers.numProcessingTimeTimers()).isEqualTo(2);
        timers.advanceProcessingTime(1_001, () -> false);
        assertThat(fired).isEmpty();
        timers.advanceProcessingTime(1_003, () -> false);
        assertThat(fired).containsExactly("P1002:k:w");
        timers.advanceProcessingTime(1_010, () -> false);
        assertThat(fired).containsExactly("P1002:k:w", "P1005:k:w");
        assertThat(timers.hasDueProcessingTimers(2_000)).isFalse();
    }

    @Test
    void shouldFireAProcessingTimerWhenTheClockReachesItsTimeNotOneMillisecondLater() throws Exception {
        key("k");
        timers.registerProcessingTimeTimer("w", 1_002);
        assertThat(timers.hasDueProcessingTimers(1_001)).isFalse();
        timers.advanceProcessingTime(1_001, () -> false);
        assertThat(fired).isEmpty();
        assertThat(timers.hasDueProcessingTimers(1_002)).isTrue();
        assertThat(timers.advanceProcessingTime(1_002, () -> false)).isTrue();
        assertThat(fired).containsExactly("P1002:k:w");

        timers.registerProcessingTimeTimer("w", 1_003);
        timers.advanceProcessingTime(1_003, () -> false);
        timers.registerProcessingTimeTimer("v", 1_000); // already due: fires at the next call, same time
        assertThat(timers.hasDueProcessingTimers(1_003)).isTrue();
        timers.advanceProcessingTime(1_003, () -> false);
        assertThat(fired).containsExactly("P1002:k:w", "P1003:k:w", "P1000:k:v");
        assertThat(timers.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldFireRemainingProcessingTimersAtEndButNotOnesRegisteredMeanwhile() throws Exception {
        InternalTimerService<String>[] self = new InternalTimerService[1];
        key("a");
        self[0] = service(new Triggerable<>() {
            @Override
            public void onEventTime(TimerEntry<String> t) {
            }

            @Override
            public void onProcessingTime(TimerEntry<String> t) {
                fired.add("P" + t.timestamp());
                self[0].registerProcessingTimeTimer("w", t.timestamp() + 1000); // a periodic timer re-arms
            }
        });
        self[0].registerProcessingTimeTimer("w", 900_000);
        self[0].registerProcessingTimeTimer("v", 800_000);
        assertThat(self[0].fireProcessingTimersAtEnd(() -> false)).isTrue();
        assertThat(fired).containsExactly("P800000", "P900000");
        assertThat(self[0].numProcessingTimeTimers()).isZero();
    }
}
