package io.sluice.runtime.channel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class OneToOneRingTest {

    @Test
    void shouldRoundCapacityUpToPowerOfTwo() {
        assertThat(new OneToOneRing(1).capacity()).isEqualTo(2);
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
    void shouldShowWrittenElementsOnlyOncePublished() {
        OneToOneRing ring = new OneToOneRing(1024);
        ring.offer(StreamElement.RECORD, "a", 1);
        assertThat(ring.peek()).isNull();
        ring.publish();
        assertThat(ring.peek().value()).isEqualTo("a");
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
        for (int capacity : new int[]{2, 64, 1024}) {
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
}
