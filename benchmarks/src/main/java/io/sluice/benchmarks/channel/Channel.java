package io.sluice.benchmarks.channel;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * One single-producer/single-consumer channel behind the few calls the ring benchmarks need, so
 * the three ring kinds run the same benchmark code. Exactly one thread calls the producer methods
 * and exactly one the consumer methods. In one JMH fork only one kind is loaded, so the calls stay
 * monomorphic and inline.
 */
abstract class Channel {

    /**
     * Producer: writes {@code value} with its event time (which only the runtime's ring carries), or
     * returns false when full. Visible at the latest after {@link #flush()}.
     */
    abstract boolean offer(Object value, long timestamp);

    /** Producer: makes everything offered so far visible to the consumer. */
    abstract void flush();

    /** Consumer: the next value, or {@code null} when none is visible. */
    abstract Object poll();

    /** Consumer: hands the slots polled so far back to the producer. */
    abstract void commit();

    static Channel create(String kind, int capacity) {
        switch (kind) {
            case "sluice":
                return new Sluice(capacity);
            case "agrona":
                return new Agrona(capacity);
            case "disruptor":
                return new Disruptor(capacity);
            default:
                throw new IllegalArgumentException("unknown ring '" + kind + "': sluice, agrona or disruptor");
        }
    }

    /**
     * The runtime's ring: {@code offer} writes a slot, visible to the consumer at once ({@code publish}
     * only updates the ring's size for metrics); {@code release} hands slots back every 64,
     * {@code commitReleases} at once.
     */
    static final class Sluice extends Channel {
        private final OneToOneRing ring;

        Sluice(int capacity) {
            ring = new OneToOneRing(capacity);
        }

        @Override
        boolean offer(Object value, long timestamp) {
            return ring.offer(StreamElement.RECORD, value, timestamp);
        }

        @Override
        void flush() {
            ring.publish();
        }

        @Override
        Object poll() {
            StreamElement e = ring.peek();
            if (e == null) {
                return null;
            }
            Object v = e.value();
            ring.release();
            return v;
        }

        @Override
        void commit() {
            ring.commitReleases();
        }
    }

    /** Agrona's queue publishes every offer and hands back every poll: flush and commit do nothing. */
    static final class Agrona extends Channel {
        private final OneToOneConcurrentArrayQueue<Object> queue;

        Agrona(int capacity) {
            queue = new OneToOneConcurrentArrayQueue<>(capacity);
        }

        @Override
        boolean offer(Object value, long timestamp) {
            return queue.offer(value);
        }

        @Override
        void flush() {
        }

        @Override
        Object poll() {
            return queue.poll();
        }

        @Override
        void commit() {
        }
    }

    /** The preallocated event of the Disruptor ring: one value reference, overwritten in place. */
    static final class ValueEvent {
        Object value;
    }

    /**
     * An LMAX Disruptor single-producer ring of preallocated {@link ValueEvent}s. Producer: claims a
     * slot with {@code tryNext} (which fails without blocking when full), fills it, and publishes up
     * to the last claimed slot at {@link #flush()} (a batch, as {@code publish(lo, hi)}). Consumer: no
     * event processor thread; it reads the cursor, reads slots up to it, and moves its gating
     * sequence at {@link #commit()}, as a {@code BatchEventProcessor} does at the end of each batch.
     * (The single-producer cursor is the highest published slot, so reading it is enough.) The
     * producer's and the consumer's fields are kept on separate cache lines, see {@link DisruptorFields}.
     */
    static final class Disruptor extends DisruptorFields {

        Disruptor(int capacity) {
            super(RingBuffer.createSingleProducer(ValueEvent::new,
                    Math.max(2, Integer.highestOneBit(capacity - 1) << 1)));
            ring.addGatingSequences(consumed);
        }

        @Override
        boolean offer(Object value, long timestamp) {
            long seq;
            try {
                seq = ring.tryNext();
            } catch (InsufficientCapacityException full) {
                flush(); // what is claimed must become visible, or the consumer cannot make room
                return false;
            }
            ring.get(seq).value = value;
            claimed = seq;
            return true;
        }

        @Override
        void flush() {
            if (claimed != published) {
                ring.publish(published + 1, claimed);
                published = claimed;
            }
        }

        @Override
        Object poll() {
            long n = next;
            if (n > available) {
                available = ring.getCursor();
                if (n > available) {
                    return null;
                }
            }
            Object v = ring.get(n).value;
            next = n + 1;
            return v;
        }

        @Override
        void commit() {
            long last = next - 1;
            if (committed != last) {
                committed = last;
                consumed.set(last);
            }
        }
    }

    /** Read-only references, then padding, the producer's fields, padding, the consumer's fields, padding. */
    abstract static class DisruptorShared extends Channel {
        final RingBuffer<ValueEvent> ring;
        final Sequence consumed = new Sequence(-1);

        DisruptorShared(RingBuffer<ValueEvent> ring) {
            this.ring = ring;
        }
    }

    abstract static class DisruptorPad1 extends DisruptorShared {
        @SuppressWarnings("unused")
        private long p01, p02, p03, p04, p05, p06, p07, p08;

        DisruptorPad1(RingBuffer<ValueEvent> ring) {
            super(ring);
        }
    }

    abstract static class DisruptorProducerFields extends DisruptorPad1 {
        long claimed = -1;
        long published = -1;

        DisruptorProducerFields(RingBuffer<ValueEvent> ring) {
            super(ring);
        }
    }

    abstract static class DisruptorPad2 extends DisruptorProducerFields {
        @SuppressWarnings("unused")
        private long p11, p12, p13, p14, p15, p16, p17, p18;

        DisruptorPad2(RingBuffer<ValueEvent> ring) {
            super(ring);
        }
    }

    abstract static class DisruptorConsumerFields extends DisruptorPad2 {
        long next;
        long available = -1;
        long committed = -1;

        DisruptorConsumerFields(RingBuffer<ValueEvent> ring) {
            super(ring);
        }
    }

    /** The whole field layout of {@link Disruptor}. */
    abstract static class DisruptorFields extends DisruptorConsumerFields {
        @SuppressWarnings("unused")
        private long p21, p22, p23, p24, p25, p26, p27, p28;

        DisruptorFields(RingBuffer<ValueEvent> ring) {
            super(ring);
        }
    }
}
