package io.sluice.runtime.channel;

import io.sluice.runtime.testing.Conditions;
import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class OneToOneRingTest {

    @Test
    void shouldRoundCapacityUpToPowerOfTwo() {
        assertThat(new OneToOneRing(1).capacity()).isEqualTo(4);
        assertThat(new OneToOneRing(1000).capacity()).isEqualTo(1024);
        assertThat(new OneToOneRing(1024).capacity()).isEqualTo(1024);
    }

    @Test
    void shouldRefuseOfferWhenFullAndAcceptAfterRelease() {
        OneToOneRing ring = new OneToOneRing(4);
        for (int i = 0; i < 4; i++) {
            assertThat(ring.offer(StreamElement.RECORD, "v" + i, i)).isTrue();
        }
        ring.publish();
        assertThat(ring.hasRoom()).isFalse();
        assertThat(ring.offer(StreamElement.RECORD, "v4", 4)).isFalse();
        assertThat(ring.size()).isEqualTo(4);

        StreamElement e = ring.peek();
        assertThat(e.kind()).isEqualTo(StreamElement.RECORD);
        assertThat(e.value()).isEqualTo("v0");
        assertThat(e.timestamp()).isZero();
        ring.release();
        ring.commitReleases();
        // one slot free is not enough: a full producer waits for a quarter of the ring
        assertThat(ring.offer(StreamElement.WATERMARK, null, 99)).isTrue();
        ring.publish();
        for (int i = 1; i < 4; i++) {
            assertThat(ring.peek().value()).isEqualTo("v" + i);
            ring.release();
        }
        StreamElement wm = ring.peek();
        assertThat(wm.kind()).isEqualTo(StreamElement.WATERMARK);
        assertThat(wm.timestamp()).isEqualTo(99);
        ring.release();
        assertThat(ring.peek()).isNull();
        // half a small ring goes back as soon as it is released, so the consumer never reads a
        // slot of the last lap that was not cleared yet
        assertThat(ring.isEmpty()).as("handed back every 2 of 4 slots").isTrue();
        assertThat(ring.offer(StreamElement.RECORD, "v5", 5)).isTrue();
        assertThat(ring.peek().value()).isEqualTo("v5");
        ring.release();
        ring.publish();
        assertThat(ring.isEmpty()).as("released but not yet handed back").isFalse();
        ring.commitReleases();
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void shouldLetAFullProducerWriteAgainOnlyOnceAQuarterIsFree() {
        OneToOneRing ring = new OneToOneRing(16);
        for (int i = 0; i < 16; i++) {
            assertThat(ring.offer(StreamElement.RECORD, i, i)).isTrue();
        }
        assertThat(ring.offer(StreamElement.RECORD, 16, 16)).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(ring.peek().value()).isEqualTo(i);
            ring.release();
        }
        ring.commitReleases();
        assertThat(ring.hasRoom()).as("3 of 16 free").isFalse();
        ring.peek();
        ring.release();
        ring.commitReleases();
        assertThat(ring.hasRoom()).as("4 of 16 free").isTrue();
        for (int i = 16; i < 20; i++) {
            assertThat(ring.offer(StreamElement.RECORD, i, i)).isTrue();
        }
        assertThat(ring.offer(StreamElement.RECORD, 20, 20)).isFalse();
    }

    @Test
    void shouldShowAnElementToTheConsumerAsSoonAsWrittenAndToObserversOncePublished() {
        OneToOneRing ring = new OneToOneRing(1024);
        assertThat(ring.peek()).isNull();
        ring.offer(StreamElement.RECORD, "a", 1);
        assertThat(ring.peek().value()).isEqualTo("a");
        assertThat(ring.size()).as("not published").isZero();
        ring.publish();
        assertThat(ring.size()).isEqualTo(1);
        // a producer that writes a full batch publishes without being asked
        OneToOneRing batched = new OneToOneRing(1024);
        for (int i = 0; i < OneToOneRing.PUBLISH_BATCH; i++) {
            batched.offer(StreamElement.RECORD, i, i);
        }
        assertThat(batched.size()).isEqualTo(OneToOneRing.PUBLISH_BATCH);
    }

    /**
     * Two threads, many iterations: the consumer must see every element exactly once, in order,
     * with the kind and timestamp the producer wrote next to the value.
     */
    @Test
    void shouldDeliverEveryElementInOrderBetweenTwoThreads() throws Exception {
        for (int capacity : new int[]{4, 64, 1024}) {
            final long count = 2_000_000;
            OneToOneRing ring = new OneToOneRing(capacity);
            Long[] boxes = new Long[1024];
            for (int i = 0; i < boxes.length; i++) {
                boxes[i] = (long) i;
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                for (long i = 0; i < count; ) {
                    byte kind = (i % 97 == 0) ? StreamElement.WATERMARK : StreamElement.RECORD;
                    Object value = kind == StreamElement.RECORD ? boxes[(int) (i & 1023)] : null;
                    if (ring.offer(kind, value, i)) {
                        i++;
                        if ((i & 7) == 0) {
                            ring.publish();
                        }
                    } else {
                        Thread.onSpinWait();
                    }
                }
                ring.publish();
            }, "ring-producer");
            Thread consumer = new Thread(() -> {
                try {
                    for (long expected = 0; expected < count; ) {
                        StreamElement e = ring.peek();
                        if (e == null) {
                            ring.commitReleases(); // as a task does at the end of its turn
                            Thread.onSpinWait();
                            continue;
                        }
                        long ts = e.timestamp();
                        byte kind = e.kind();
                        Object value = e.value();
                        ring.release();
                        if ((expected & 3) == 0) {
                            ring.commitReleases();
                        }
                        if (ts != expected) {
                            throw new AssertionError("capacity " + capacity + ": expected " + expected + " got " + ts);
                        }
                        if (expected % 97 == 0) {
                            if (kind != StreamElement.WATERMARK || value != null) {
                                throw new AssertionError("element " + expected + " should be a watermark");
                            }
                        } else if (kind != StreamElement.RECORD || value != boxes[(int) (expected & 1023)]) {
                            throw new AssertionError("element " + expected + " torn: " + kind + "/" + value);
                        }
                        expected++;
                    }
                    ring.commitReleases();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "ring-consumer");
            producer.start();
            consumer.start();
            producer.join(60_000);
            consumer.join(60_000);
            assertThat(producer.isAlive()).as("producer finished").isFalse();
            assertThat(consumer.isAlive()).as("consumer finished").isFalse();
            assertThat(failure.get()).isNull();
            assertThat(ring.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldTakeAnUrgentElementIntoAnySingleFreeSlotAndPublishItAtOnce() {
        OneToOneRing ring = new OneToOneRing(16);
        for (int i = 0; i < 16; i++) {
            assertThat(ring.offer(StreamElement.RECORD, i, i)).isTrue();
        }
        StreamElement barrier = new StreamElement();
        barrier.set(StreamElement.BARRIER, null, 7);
        assertThat(ring.offerUrgent(barrier)).as("no slot free").isFalse();
        ring.peek();
        ring.release();
        ring.commitReleases();
        assertThat(ring.offer(StreamElement.RECORD, 16, 16)).as("1 of 16 free: records wait for 4").isFalse();
        assertThat(ring.offerUrgent(barrier)).as("1 of 16 free: enough for a barrier").isTrue();
        // visible to the consumer's look-ahead, behind the records before it
        OneToOneRing.LookAhead ahead = ring.lookAhead();
        assertThat(ahead.next().value()).isEqualTo(1);
        StreamElement last = null;
        int read = 1;
        for (StreamElement e; read <= 2 * ring.capacity() && (e = ahead.next()) != null; read++) {
            last = e;
        }
        assertThat(read).as("elements looked at: records 1-15 and the barrier, not the next lap").isEqualTo(16);
        assertThat(ahead.elementPosition()).isEqualTo(16);
        assertThat(last.kind()).isEqualTo(StreamElement.BARRIER);
        assertThat(last.timestamp()).isEqualTo(7);
    }

    /**
     * Released slots go back to the producer without their values: what passed through the ring is
     * garbage once the consumer is done with it, whether it went back at the end of a turn
     * ({@code commitReleases}) or in a batch of {@link OneToOneRing#PUBLISH_BATCH} on the way, and
     * the consumer's view of the last element lets go of it too.
     */
    @Test
    void shouldLetGoOfTheValuesOfReleasedSlots() throws Exception {
        OneToOneRing ring = new OneToOneRing(1024);
        int count = OneToOneRing.PUBLISH_BATCH + OneToOneRing.CLEAR_GROUP; // whole groups: all handed back
        List<WeakReference<Object>> passed = offerFreshValues(ring, 0, count);
        List<WeakReference<Object>> waiting = offerFreshValues(ring, count, 5);
        ring.publish();
        for (int i = 0; i < count; i++) {
            assertThat(ring.peek().timestamp()).isEqualTo(i);
            ring.release();
        }
        ring.commitReleases();
        awaitCollected(passed);
        OneToOneRing.LookAhead ahead = ring.lookAhead();
        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get()).as("unreleased element %d", count + i).isNotNull()
                    .isSameAs(ahead.next().value());
        }

        // the view of an element peeked but not released keeps it
        StreamElement view = ring.peek();
        Object head = view.value();
        ring.commitReleases();
        assertThat(view.value()).as("unreleased").isSameAs(head).isNotNull();
        ring.release();
        ring.commitReleases();
        assertThat(view.value()).as("released").isNull();
    }

    private static List<WeakReference<Object>> offerFreshValues(OneToOneRing ring, int from, int n) {
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Object value = new byte[64];
            refs.add(new WeakReference<>(value));
            assertThat(ring.offer(StreamElement.RECORD, value, i)).isTrue();
        }
        return refs;
    }

    private static void awaitCollected(List<WeakReference<Object>> refs) throws Exception {
        Conditions.await("every released value is garbage", Duration.ofSeconds(10), () -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null);
        });
    }

    /**
     * The fields each side writes (the consumer's head and its caches, the producer's tail and its
     * caches) have 128 bytes of nothing else on both sides, so that neither a neighbouring object nor
     * the other side's fields share their 128-byte pair of cache lines. Reads the layout the running
     * JVM chose.
     */
    @Test
    void shouldKeep128BytesAroundEachSidesHotFields() throws Exception {
        List<String> consumer = List.of("head", "tailCache", "nextHead", "committedHead", "released",
                "consumerBase", "peekedSlots");
        List<String> producer = List.of("tail", "nextTail", "publishedTail", "headCache", "producerBase");
        long[] consumerSpan = {Long.MAX_VALUE, 0};
        long[] producerSpan = {Long.MAX_VALUE, 0};
        long objectEnd = 0;
        List<long[]> others = new ArrayList<>(); // [start, end) of every field that is neither padding nor hot
        for (Class<?> c = OneToOneRing.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                long offset = UnsafeApi.objectFieldOffset(f);
                long end = offset + size(f.getType());
                objectEnd = Math.max(objectEnd, end);
                if (consumer.contains(f.getName())) {
                    widen(consumerSpan, offset, end);
                } else if (producer.contains(f.getName())) {
                    widen(producerSpan, offset, end);
                } else if (!c.getSimpleName().startsWith("RingPadding")) {
                    others.add(new long[]{offset, end});
                }
            }
        }
        assertThat(consumerSpan[0]).as("bytes before the consumer's fields").isGreaterThanOrEqualTo(128);
        assertThat(producerSpan[0] - consumerSpan[1]).as("bytes between the two sides").isGreaterThanOrEqualTo(128);
        assertThat(objectEnd - producerSpan[1]).as("bytes after the producer's fields").isGreaterThanOrEqualTo(128);
        for (long[] other : others) {
            for (long[] hot : List.of(consumerSpan, producerSpan)) {
                assertThat(other[1] <= hot[0] - 128 || other[0] >= hot[1] + 128)
                        .as("a field at [%d, %d) is within 128 bytes of hot fields at [%d, %d)",
                                other[0], other[1], hot[0], hot[1])
                        .isTrue();
            }
        }
    }

    private static void widen(long[] span, long start, long end) {
        span[0] = Math.min(span[0], start);
        span[1] = Math.max(span[1], end);
    }

    private static int size(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        if (type == byte.class || type == boolean.class) {
            return 1;
        }
        return UnsafeApi.arrayIndexScale(Object[].class); // a reference: 4 with compressed oops, else 8
    }
}
