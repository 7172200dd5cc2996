package io.sluice.runtime.task;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;
import io.sluice.runtime.checkpoint.ChannelStateFile;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The barrier alignment state machine over a real {@link InputGate} and real rings, driven through
 * seeded random interleavings: records, watermarks and idleness on 1 to 4 channels (some feeding a
 * second input), barriers of increasing ids (some savepoints), end of input on some channels in
 * the middle of alignments, aborted checkpoints, checkpoints triggered before the previous one
 * completed (superseding it), and the task's time passing the alignment timeout. The test is the
 * producer of every ring and consumes like {@link StreamTask} does. Each run is checked against a
 * model that knows, per channel, which records come before each checkpoint's barrier:
 * <ul>
 *   <li>every record reaches the operator exactly once, in its channel's order;</li>
 *   <li>an aligned snapshot happens when exactly the records before its barrier on every channel
 *       have been delivered; an unaligned one when no record after its barrier has, and its
 *       in-flight records are exactly the ones before the barrier not delivered at the snapshot,
 *       in order, each with its channel's input;</li>
 *   <li>at most one snapshot per checkpoint, in increasing order; savepoints always aligned;
 *       aligned mode never unaligned; a timeout switch only after the timeout;</li>
 *   <li>the channels held back are exactly those that delivered the barrier being aligned, and
 *       none once no alignment is under way (completed, aborted, superseded, ended);</li>
 *   <li>a checkpoint neither aborted nor superseded completes; nothing stays stuck.</li>
 * </ul>
 */
class BarrierAlignmentPropertyTest {

    private static final int SEEDS = 600;
    private static final long TIMEOUT_NANOS = 1_000;
    private static final long CHANNEL_RANGE = 1_000_000;

    enum Mode { ALIGNED, UNALIGNED, ALIGNED_WITH_TIMEOUT }

    @Test
    void shouldMatchTheModelOverRandomInterleavings() throws Exception {
        Map<Mode, int[]> snapshotsByMode = new HashMap<>();
        Map<String, Integer> coverage = new HashMap<>();
        for (long seed = 0; seed < SEEDS; seed++) {
            Run run = new Run(seed);
            try {
                run.run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " (" + run.mode + ", " + run.n + " channels, spaced "
                        + run.spaced + "): " + e.getMessage(), e);
            }
            int[] counts = snapshotsByMode.computeIfAbsent(run.mode, m -> new int[3]);
            counts[0] += run.alignedSnapshots;
            counts[1] += run.unalignedSnapshots;
            counts[2] += run.switched;
            run.coverage.forEach((k, v) -> coverage.merge(k, v, Integer::sum));
        }
        // the runs cover what they claim to: both kinds of snapshot, and timeout switches
        assertThat(snapshotsByMode.get(Mode.ALIGNED)[0]).isPositive();
        assertThat(snapshotsByMode.get(Mode.UNALIGNED)[1]).isPositive();
        assertThat(snapshotsByMode.get(Mode.UNALIGNED)[0]).as("savepoints").isPositive();
        assertThat(snapshotsByMode.get(Mode.ALIGNED_WITH_TIMEOUT)[2]).as("timeout switches").isPositive();
        assertThat(coverage).as("situations reached").containsKeys("Aligning", "Recording", "RecordingWhileAligning",
                "end of input while aligning", "end of input while recording", "superseded while aligning",
                "superseded while recording", "abort while aligning", "abort while recording",
                "savepoint while recording", "aborted before snapshot", "recorded", "recorded while aligning");
    }

    /** One element a producer has still to offer. */
    private record Element(byte kind, Object value, long timestamp) {
    }

    /** One seeded run: producers, consumer, model. */
    private static final class Run {
        final Random random;
        final Mode mode;
        final int n;
        /** Trigger a checkpoint only after the previous one was snapshotted or aborted. */
        final boolean spaced;
        final OneToOneRing[] rings;
        final int[] inputOf;
        final InputGate gate;
        final BarrierAlignment alignment;

        long now;
        // producers
        final List<ArrayDeque<Element>> scripts = new ArrayList<>();
        final boolean[] scriptEnded;
        final int[] produced;
        /** Per channel, checkpoint id -> records before its barrier. */
        final List<Map<Long, Integer>> barrierAt = new ArrayList<>();
        // consumer
        final int[] delivered;
        // checkpoints
        long lastTriggered;
        final Map<Long, Boolean> savepoint = new HashMap<>();
        final Map<Long, Long> triggeredAt = new HashMap<>();
        final Set<Long> aborted = new HashSet<>();
        final Set<Long> snapshotted = new HashSet<>();
        long lastSnapshot = -1;
        final List<long[]> delayedAnnouncements = new ArrayList<>();
        final List<FakeInFlight> inFlight = new ArrayList<>();
        final Map<String, Integer> coverage = new HashMap<>();
        int alignedSnapshots;
        int unalignedSnapshots;
        int switched;

        Run(long seed) {
            random = new Random(seed);
            mode = Mode.values()[(int) (seed % 3)];
            n = 1 + random.nextInt(4);
            spaced = random.nextInt(3) == 0;
            rings = new OneToOneRing[n];
            inputOf = new int[n];
            boolean twoInputs = random.nextBoolean();
            for (int c = 0; c < n; c++) {
                rings[c] = new OneToOneRing(2 << random.nextInt(5));
                inputOf[c] = twoInputs && random.nextBoolean() ? 1 : 0;
                scripts.add(new ArrayDeque<>());
                barrierAt.add(new HashMap<>());
            }
            scriptEnded = new boolean[n];
            produced = new int[n];
            delivered = new int[n];
            gate = new InputGate(rings, inputOf);
            alignment = new BarrierAlignment(gate, new Snapshots(), mode == Mode.UNALIGNED,
                    mode == Mode.ALIGNED_WITH_TIMEOUT ? TIMEOUT_NANOS : 0);
            now = random.nextInt(1_000_000);
        }

        void run() throws Exception {
            int steps = 100 + random.nextInt(400);
            for (int step = 0; step < steps; step++) {
                int r = random.nextInt(100);
                if (r < 40) {
                    produce(random.nextInt(n));
                } else if (r < 78) {
                    consumeTurn();
                } else if (r < 88) {
                    trigger();
                } else if (r < 92) {
                    abortOne();
                } else if (r < 96) {
                    now += random.nextInt((int) TIMEOUT_NANOS);
                } else {
                    announceDelayed();
                }
                checkInvariants();
            }
            finish();
        }

        // ---- producers ------------------------------------------------------------------------

        private void append(int c, Element e) {
            scripts.get(c).add(e);
        }

        private void produce(int c) {
            if (!scriptEnded[c]) {
                int k = 1 + random.nextInt(4);
                for (int i = 0; i < k; i++) {
                    int what = random.nextInt(20);
                    if (what < 15) {
                        append(c, new Element(StreamElement.RECORD, c * CHANNEL_RANGE + produced[c]++, now));
                    } else if (what < 17) {
                        append(c, new Element(StreamElement.WATERMARK, null, now));
                    } else if (what < 18) {
                        append(c, new Element(StreamElement.IDLE, null, 0));
                    } else if (what < 19) {
                        append(c, new Element(StreamElement.ACTIVE, null, 0));
                    } else if (random.nextInt(6) == 0) {
                        endScript(c); // end of input, possibly in the middle of an alignment
                        break;
                    }
                }
            }
            offerAll(c, random.nextInt(4) > 0);
        }

        private void endScript(int c) {
            append(c, new Element(StreamElement.END_OF_INPUT, null, Long.MAX_VALUE));
            scriptEnded[c] = true;
        }

        /** Offers what fits; publishes or not (then the consumer does not see it yet). */
        private void offerAll(int c, boolean publish) {
            ArrayDeque<Element> script = scripts.get(c);
            while (!script.isEmpty() && rings[c].hasRoom()) {
                Element e = script.poll();
                assertThat(rings[c].offer(e.kind(), e.value(), e.timestamp())).isTrue();
            }
            if (publish || random.nextInt(8) == 0) {
                rings[c].publish();
            }
        }

        private void trigger() {
            if (spaced && lastTriggered > 0 && !snapshotted.contains(lastTriggered) && !aborted.contains(lastTriggered)
                    && hasBarrier(lastTriggered)) {
                return;
            }
            long id = ++lastTriggered;
            boolean sp = random.nextInt(4) == 0;
            savepoint.put(id, sp);
            triggeredAt.put(id, now);
            if (random.nextInt(5) == 0) {
                delayedAnnouncements.add(new long[]{id, sp ? 1 : 0, now}); // the mail comes after the barrier
            } else {
                alignment.announce(id, sp, now);
            }
            for (int c = 0; c < n; c++) {
                if (!scriptEnded[c]) {
                    barrierAt.get(c).put(id, produced[c]);
                    append(c, new Element(StreamElement.BARRIER, sp ? StreamElement.SAVEPOINT : null, id));
                }
            }
        }

        private boolean hasBarrier(long id) {
            for (Map<Long, Integer> m : barrierAt) {
                if (m.containsKey(id)) {
                    return true;
                }
            }
            return false;
        }

        private void announceDelayed() {
            for (long[] a : delayedAnnouncements) {
                alignment.announce(a[0], a[1] == 1, a[2]);
            }
            delayedAnnouncements.clear();
        }

        private void abortOne() {
            if (lastTriggered == 0) {
                return;
            }
            long id = 1 + random.nextInt((int) lastTriggered);
            aborted.add(id);
            for (int c = 0; c < n; c++) {
                // an upstream task that had not sent the barrier yet drops it: the next one supersedes it here
                if (random.nextBoolean() && scripts.get(c).removeIf(e -> e.kind() == StreamElement.BARRIER
                        && e.timestamp() == id)) {
                    barrierAt.get(c).remove(id);
                }
            }
            AlignmentState before = alignment.state();
            alignment.abort(id);
            if (before != alignment.state()) {
                saw(before.aligning() != null && before.aligning().id == id ? "abort while aligning" : "abort while recording");
            }
        }

        /**
         * Records of channel {@code c} before barrier {@code id}, or the first newer one if it was
         * dropped; all of them if it ended before any; "unbounded" while none came yet.
         */
        private int recordsBefore(int c, long id) {
            int first = Integer.MAX_VALUE;
            for (Map.Entry<Long, Integer> b : barrierAt.get(c).entrySet()) {
                if (b.getKey() >= id) {
                    first = Math.min(first, b.getValue());
                }
            }
            return first == Integer.MAX_VALUE && scriptEnded[c] ? produced[c] : first;
        }

        // ---- consumer, as StreamTask.pollInput ------------------------------------------------

        private int consumeTurn() throws Exception {
            alignment.advanceTime(now);
            if (random.nextInt(6) == 0) {
                alignment.collect(); // a watermark is pending: between its elements
            } else {
                alignment.turn();
            }
            int batch = 1 + random.nextInt(8);
            int consumed = 0;
            while (consumed < batch && consumeOne()) {
                consumed++;
                if (random.nextInt(4) == 0) {
                    produce(random.nextInt(n)); // the producers run meanwhile: the turn's look-ahead missed this
                }
            }
            gate.commitReleases();
            return consumed;
        }

        private boolean consumeOne() throws Exception {
            StreamElement e = gate.poll();
            if (e == null) {
                return false;
            }
            int c = gate.currentChannel();
            assertThat(gate.isBlocked(c)).as("polled a held-back channel").isFalse();
            AlignmentState beforeConsume = alignment.state();
            alignment.beforeConsume();
            if (beforeConsume.recorder() != null && alignment.state().recorder() == null) {
                saw(beforeConsume.aligning() != null ? "recorded while aligning" : "recorded");
            }
            switch (e.kind()) {
                case StreamElement.RECORD -> {
                    long value = (Long) e.value();
                    gate.release();
                    assertThat(value).as("record of channel %s", c).isEqualTo(c * CHANNEL_RANGE + delivered[c]);
                    delivered[c]++;
                }
                case StreamElement.BARRIER -> {
                    long id = e.timestamp();
                    boolean sp = e.value() == StreamElement.SAVEPOINT;
                    gate.release();
                    AlignmentState before = alignment.state();
                    if (before.aligning() != null && id > before.aligning().id) {
                        saw("superseded while aligning");
                    }
                    if (before.recorder() != null && id > alignment.newest()) {
                        saw(sp || mode != Mode.UNALIGNED ? "savepoint while recording" : "superseded while recording");
                    }
                    alignment.onBarrier(c, id, sp);
                }
                default -> {
                    int change = gate.onElement(e);
                    gate.release();
                    if ((change & InputGate.CHANNEL_ENDED) != 0) {
                        AlignmentState before = alignment.state();
                        if (before.aligning() != null) {
                            saw("end of input while aligning");
                        }
                        if (before.recorder() != null) {
                            saw("end of input while recording");
                        }
                        alignment.onEndOfInput(c);
                    }
                }
            }
            return true;
        }

        // ---- the model's checks ---------------------------------------------------------------

        private void checkInvariants() {
            AlignmentState state = alignment.state();
            AlignmentState.Aligning aligning = state.aligning();
            saw(state.getClass().getSimpleName());
            for (int c = 0; c < n; c++) {
                boolean held = aligning != null && aligning.arrived[c];
                assertThat(gate.isBlocked(c)).as("channel %s held back in state %s", c, state).isEqualTo(held);
            }
            if (aligning != null) {
                assertThat(aligning.allArrived(gate)).as("%s with every channel arrived", state).isFalse();
                assertThat(aligning.savepoint).isEqualTo(savepoint.get(aligning.id));
                assertThat(mode == Mode.UNALIGNED && !aligning.savepoint).as("unaligned mode aligns savepoints only")
                        .isFalse();
            }
            int pending = 0;
            for (FakeInFlight f : inFlight) {
                pending += f.written || f.discarded ? 0 : 1;
            }
            assertThat(pending).as("recordings pending in state %s", state).isEqualTo(state.recorder() == null ? 0 : 1);
        }

        private void finish() throws Exception {
            announceDelayed();
            for (int c = 0; c < n; c++) {
                if (!scriptEnded[c]) {
                    endScript(c);
                }
            }
            for (int round = 0; ; round++) {
                for (int c = 0; c < n; c++) {
                    offerAll(c, true);
                }
                now += random.nextInt((int) TIMEOUT_NANOS / 2);
                boolean moved = consumeTurn() > 0;
                checkInvariants();
                boolean allOffered = scripts.stream().allMatch(ArrayDeque::isEmpty);
                if (!moved && allOffered && gate.pending() == 0 && gate.poll() == null) {
                    break;
                }
                if (round > 100_000) {
                    fail("stuck in state " + alignment.state() + ", delivered " + Arrays.toString(delivered)
                            + " of " + Arrays.toString(produced));
                }
            }
            assertThat(delivered).as("every record delivered").isEqualTo(produced);
            for (int c = 0; c < n; c++) {
                assertThat(gate.isEnded(c)).isTrue();
                assertThat(gate.isBlocked(c)).isFalse();
            }
            assertThat(alignment.state()).isSameAs(AlignmentState.Waiting.INSTANCE);
            for (FakeInFlight f : inFlight) {
                assertThat(f.written || f.discarded).as("recording of %s finished", f.id).isTrue();
            }
            for (long id = 1; id <= lastTriggered; id++) {
                boolean mustComplete = (spaced || id == lastTriggered) && !aborted.contains(id) && hasBarrier(id);
                if (mustComplete) {
                    assertThat(snapshotted).as("checkpoint %s neither aborted nor superseded", id).contains(id);
                }
            }
        }

        private void saw(String situation) {
            coverage.merge(situation, 1, Integer::sum);
        }

        private void checkSnapshotOrder(long id) {
            assertThat(snapshotted).as("a second snapshot of %s", id).doesNotContain(id);
            assertThat(id).as("snapshot after the one of %s", lastSnapshot).isGreaterThan(lastSnapshot);
            assertThat(savepoint).containsKey(id);
            snapshotted.add(id);
            lastSnapshot = id;
        }

        final class Snapshots implements AlignmentSnapshots {

            @Override
            public void aligned(long id, boolean sp, long alignmentNanos) {
                checkSnapshotOrder(id);
                assertThat(sp).isEqualTo(savepoint.get(id));
                assertThat(mode == Mode.UNALIGNED && !sp).as("unaligned mode snapshots %s aligned", id).isFalse();
                for (int c = 0; c < n; c++) {
                    assertThat(delivered[c]).as("aligned snapshot %s: records delivered of channel %s", id, c)
                            .isEqualTo(recordsBefore(c, id));
                }
                alignedSnapshots++;
            }

            @Override
            public InFlight unaligned(long id, long alignmentNanos) {
                checkSnapshotOrder(id);
                assertThat(savepoint.get(id)).as("savepoint %s taken unaligned", id).isFalse();
                assertThat(mode).as("unaligned snapshot of %s", id).isNotEqualTo(Mode.ALIGNED);
                if (mode == Mode.ALIGNED_WITH_TIMEOUT) {
                    assertThat(now - triggeredAt.get(id)).as("switched to unaligned before the timeout")
                            .isGreaterThanOrEqualTo(TIMEOUT_NANOS);
                    switched++;
                }
                int[] at = delivered.clone();
                for (int c = 0; c < n; c++) {
                    assertThat(at[c]).as("unaligned snapshot %s: channel %s delivered past the barrier", id, c)
                            .isLessThanOrEqualTo(recordsBefore(c, id));
                }
                unalignedSnapshots++;
                if (aborted.contains(id)) {
                    saw("aborted before snapshot");
                    return null; // the coordinator aborted it meanwhile: nothing to write
                }
                FakeInFlight f = new FakeInFlight(id, at);
                inFlight.add(f);
                return f;
            }
        }

        final class FakeInFlight implements AlignmentSnapshots.InFlight {
            final long id;
            final int[] deliveredAtSnapshot;
            boolean written;
            boolean discarded;

            FakeInFlight(long id, int[] deliveredAtSnapshot) {
                this.id = id;
                this.deliveredAtSnapshot = deliveredAtSnapshot;
            }

            @Override
            public void write(ChannelStateFile.Writer records) {
                assertThat(written || discarded).as("in-flight of %s written twice or after discard", id).isFalse();
                assertThat(aborted).as("in-flight of %s written after its abort", id).doesNotContain(id);
                written = true;
                List<ChannelStateFile.Record> all;
                try {
                    all = ChannelStateFile.read(records.toBytes(), "test", getClass().getClassLoader());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                int[] next = deliveredAtSnapshot.clone();
                for (ChannelStateFile.Record r : all) {
                    long value = (Long) r.value();
                    int c = (int) (value / CHANNEL_RANGE);
                    assertThat(value % CHANNEL_RANGE).as("in-flight record of %s on channel %s", id, c).isEqualTo(next[c]);
                    assertThat(r.input()).isEqualTo(inputOf[c]);
                    next[c]++;
                }
                for (int c = 0; c < n; c++) {
                    assertThat(next[c]).as("in-flight of %s on channel %s ends at its barrier", id, c)
                            .isEqualTo(recordsBefore(c, id));
                }
            }

            @Override
            public void discard() {
                assertThat(written || discarded).as("in-flight of %s discarded after its end", id).isFalse();
                discarded = true;
            }
        }
    }
}
