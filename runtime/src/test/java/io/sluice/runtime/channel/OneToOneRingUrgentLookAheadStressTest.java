package io.sluice.runtime.channel;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring between two threads as a task pair uses it with unaligned checkpoints: the producer
 * writes records and watermarks with {@code offer} and barriers with {@code offerUrgent}, publishing
 * at random points; the consumer polls and releases in random runs, hands slots back at random
 * points, and in between looks ahead over everything published and unreleased
 * ({@code readPosition}, {@code publishedPosition}, {@code kindAt}, {@code valueAt},
 * {@code timestampAt}), as {@code InputGate.findBarrierAhead} and {@code ChannelStateRecorder} do.
 *
 * <p>The contract checked, for every element: it arrives exactly once, in the order written (an
 * urgent element does not overtake in the ring: it overtakes at the consumer, whose look-ahead
 * finds it before the records in front of it are processed); what look-ahead reads at a position is
 * what the producer wrote there and what {@code peek} returns there later; an urgent element is
 * visible to look-ahead as soon as {@code offerUrgent} returned, without a {@code publish}; and
 * {@code offerUrgent} refuses only a ring with no free slot. Bounded by element count, not time;
 * the script of each run comes from its seed.
 */
class OneToOneRingUrgentLookAheadStressTest {

    private static final int ELEMENTS = 100_000;

    @Test
    void shouldHandOverRecordsAndUrgentBarriersExactlyOnceInOrderToAConsumerThatLooksAhead() throws Exception {
        for (long seed : new long[]{11, 12, 13}) {
            for (int capacity : new int[]{2, 8, 64, 1024}) {
                new Run(seed, capacity).execute();
            }
        }
    }

    /** One producer, one consumer, one ring, one seeded script. */
    private static final class Run {
        private final long seed;
        private final OneToOneRing ring;
        private final byte[] kinds = new byte[ELEMENTS];
        private final Object[] values = new Object[ELEMENTS];
        private final long[] timestamps = new long[ELEMENTS];
        private final boolean[] publishAfter = new boolean[ELEMENTS];
        /** Position of the last element {@code offerUrgent} accepted, -1 before: set after it returned. */
        private final AtomicLong lastUrgent = new AtomicLong(-1);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Run(long seed, int capacity) {
            this.seed = seed;
            this.ring = new OneToOneRing(capacity);
            Random r = new Random(seed);
            long barrierId = 0;
            for (int i = 0; i < ELEMENTS; i++) {
                int dice = r.nextInt(100);
                if (dice < 3) { // sometimes several in a row
                    kinds[i] = StreamElement.BARRIER;
                    timestamps[i] = ++barrierId;
                    values[i] = r.nextInt(4) == 0 ? StreamElement.SAVEPOINT : null;
                } else if (dice < 8) {
                    kinds[i] = StreamElement.WATERMARK;
                    timestamps[i] = i;
                } else {
                    kinds[i] = StreamElement.RECORD;
                    timestamps[i] = i;
                    values[i] = new long[]{i}; // a distinct object per record: compared by identity
                }
                publishAfter[i] = r.nextInt(16) == 0;
            }
        }

        void execute() throws Exception {
            Thread producer = new Thread(() -> guard(this::produce), "ring-producer");
            Thread consumer = new Thread(() -> guard(this::consume), "ring-consumer");
            producer.start();
            consumer.start();
            producer.join(60_000);
            consumer.join(60_000);
            boolean hung = producer.isAlive() || consumer.isAlive();
            stop.set(true);
            producer.join(5_000);
            consumer.join(5_000);
            if (failure.get() != null) {
                throw new AssertionError(where() + ": " + failure.get().getMessage(), failure.get());
            }
            assertThat(hung).as(where() + ": both sides finished within a minute").isFalse();
            assertThat(ring.isEmpty()).as(where() + ": everything handed back").isTrue();
        }

        private void produce() {
            StreamElement urgent = new StreamElement();
            int capacity = ring.capacity();
            for (int i = 0; i < ELEMENTS && !stop.get(); ) {
                boolean accepted;
                if (kinds[i] == StreamElement.BARRIER) {
                    long headBefore = ring.head; // the consumer's hand-back position, only ever grows
                    urgent.set(kinds[i], values[i], timestamps[i]);
                    accepted = ring.offerUrgent(urgent);
                    check(accepted || i - headBefore >= capacity,
                            "offerUrgent refused element " + i + " with " + (capacity - (i - headBefore)) + " slots free");
                    if (accepted) {
                        lastUrgent.set(i);
                    }
                } else {
                    accepted = ring.offer(kinds[i], values[i], timestamps[i]);
                }
                if (!accepted) {
                    Thread.onSpinWait();
                    continue;
                }
                if (publishAfter[i]) {
                    ring.publish();
                }
                i++;
            }
            ring.publish();
        }

        private void consume() {
            Random r = new Random(seed * 31 + 7);
            long position = 0;
            long lookedAt = 0;
            int idle = 0;
            while (position < ELEMENTS && !stop.get()) {
                int action = r.nextInt(8);
                if (action == 0) {
                    long urgentBefore = lastUrgent.get();
                    long from = Math.max(lookedAt, ring.readPosition());
                    long end = ring.publishedPosition();
                    check(end > urgentBefore, "urgent element " + urgentBefore
                            + " accepted but not visible to look-ahead (published up to " + end + ")");
                    for (long p = from; p < end; p++) {
                        expect(p, ring.kindAt(p), ring.valueAt(p), ring.timestampAt(p), "look-ahead");
                    }
                    lookedAt = end;
                } else if (action == 1) {
                    ring.commitReleases();
                } else {
                    int run = 1 + r.nextInt(16);
                    for (int j = 0; j < run; j++) {
                        StreamElement e = ring.peek();
                        if (e == null) {
                            ring.commitReleases(); // caught up, as a task does at the end of its turn
                            if ((++idle & 1023) == 0) {
                                Thread.yield();
                            }
                            Thread.onSpinWait();
                            break;
                        }
                        check(ring.readPosition() == position,
                                "readPosition " + ring.readPosition() + " at element " + position);
                        expect(position, e.kind(), e.value(), e.timestamp(), "poll");
                        ring.release();
                        position++;
                    }
                }
            }
            ring.commitReleases();
        }

        private void expect(long p, byte kind, Object value, long timestamp, String how) {
            int i = (int) p;
            if (kind != kinds[i] || value != values[i] || timestamp != timestamps[i]) {
                throw new AssertionError(how + " at position " + p + " read " + StreamElement.kindName(kind)
                        + "/" + describe(value) + "/" + timestamp + ", the producer wrote "
                        + StreamElement.kindName(kinds[i]) + "/" + describe(values[i]) + "/" + timestamps[i]);
            }
        }

        private static String describe(Object value) {
            return value instanceof long[] boxed ? "value#" + boxed[0] : String.valueOf(value);
        }

        private void check(boolean condition, String message) {
            if (!condition) {
                throw new AssertionError(message);
            }
        }

        private void guard(Runnable side) {
            try {
                side.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                stop.set(true);
            }
        }

        private String where() {
            return "seed " + seed + ", capacity " + ring.capacity();
        }
    }
}
