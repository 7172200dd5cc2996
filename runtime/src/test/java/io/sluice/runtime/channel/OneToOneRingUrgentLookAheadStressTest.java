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
 * points, and in between looks ahead over everything written and unreleased
 * ({@code readPosition}, {@code LookAhead}), as
 * {@code InputGate.findBarrierAhead} and {@code ChannelStateRecorder} do. Timestamps jump now and
 * then by far more than a stamp holds, some records have none, watermarks reach the end of time, and
 * latency markers (two slots, a nanosecond clock) and null records come in between, so elements take one to four
 * slots and the ring changes its base often.
 *
 * <p>The contract checked, for every element: it arrives exactly once, in the order written (an
 * urgent element does not overtake in the ring: it overtakes at the consumer, whose look-ahead
 * finds it before the records in front of it are processed); what look-ahead reads at a position is
 * what the producer wrote there and what {@code peek} returns there later (at the same slot
 * position); an urgent element is
 * visible to look-ahead as soon as {@code offerUrgent} returned (as any element is once written); and
 * {@code offerUrgent} refuses only a ring with no free slot. Bounded by element count, not time;
 * the script of each run comes from its seed.
 */
class OneToOneRingUrgentLookAheadStressTest {

    private static final int ELEMENTS = 100_000;

    @Test
    void shouldHandOverRecordsAndUrgentBarriersExactlyOnceInOrderToAConsumerThatLooksAhead() throws Exception {
        for (long seed : new long[]{11, 12, 13}) {
            for (int capacity : new int[]{4, 8, 64, 1024}) {
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
        /** Per element, the slot position look-ahead found it at, -1 before; consumer thread only. */
        private final long[] slotOf = new long[ELEMENTS];
        /** Slot position of the last element {@code offerUrgent} accepted, -1 before: set after it returned. */
        private final AtomicLong lastUrgent = new AtomicLong(-1);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Run(long seed, int capacity) {
            this.seed = seed;
            this.ring = new OneToOneRing(capacity);
            Random r = new Random(seed);
            long barrierId = 0;
            long epoch = 0;
            Object origin = "origin";
            java.util.Arrays.fill(slotOf, -1);
            for (int i = 0; i < ELEMENTS; i++) {
                int dice = r.nextInt(100);
                if (r.nextInt(500) == 0) {
                    epoch += (1L << 40) * (r.nextBoolean() ? 1 : -3); // far beyond what a stamp holds
                }
                if (dice < 3) { // sometimes several in a row
                    kinds[i] = StreamElement.BARRIER;
                    timestamps[i] = ++barrierId;
                    values[i] = r.nextInt(4) == 0 ? StreamElement.SAVEPOINT : null;
                } else if (dice < 8) {
                    kinds[i] = StreamElement.WATERMARK;
                    timestamps[i] = r.nextInt(100) == 0 ? Long.MAX_VALUE : epoch + i;
                } else if (dice < 10) {
                    kinds[i] = StreamElement.LATENCY_MARKER;
                    timestamps[i] = 50_000_000_000_000L + 1000L * i; // a nanosecond clock
                    values[i] = origin;
                } else {
                    kinds[i] = StreamElement.RECORD;
                    timestamps[i] = dice < 12 ? Long.MIN_VALUE : epoch + i;
                    // a distinct object per record, compared by identity; now and then none (an empty slot is null too)
                    values[i] = dice == 12 ? null : new long[]{i};
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
                    long used = ring.nextTail - headBefore;
                    check(accepted || used >= capacity,
                            "offerUrgent refused element " + i + " with " + (capacity - used) + " slots free");
                    if (accepted) {
                        lastUrgent.set(ring.nextTail - 1); // a barrier takes one slot
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
            long position = 0; // elements polled
            OneToOneRing.LookAhead ahead = ring.lookAhead();
            long aheadAt = 0; // the element the look-ahead reads next
            int idle = 0;
            while (position < ELEMENTS && !stop.get()) {
                int action = r.nextInt(8);
                if (action == 0) {
                    long urgentBefore = lastUrgent.get();
                    if (ahead.position() < ring.readPosition() || aheadAt < position) {
                        ahead.reset();
                        aheadAt = position;
                    }
                    StreamElement e;
                    while ((e = ahead.next()) != null) {
                        expect(aheadAt, e.kind(), e.value(), e.timestamp(), "look-ahead");
                        slotOf[(int) aheadAt++] = ahead.elementPosition();
                    }
                    check(ahead.position() > urgentBefore || ahead.position() - ring.committedHead >= ring.capacity(),
                            "urgent element at slot " + urgentBefore + " accepted but not visible to look-ahead,"
                                    + " which stopped at " + ahead.position());
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
                        long slot = slotOf[(int) position];
                        check(slot < 0 || ring.readPosition() == slot,
                                "readPosition " + ring.readPosition() + " at element " + position
                                        + ", which look-ahead found at " + slot);
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
