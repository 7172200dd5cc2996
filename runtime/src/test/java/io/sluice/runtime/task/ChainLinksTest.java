package io.sluice.runtime.task;

import io.sluice.api.OutputTag;
import io.sluice.runtime.operators.MapOperator;
import io.sluice.runtime.operators.OperatorContext;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainLinksTest {

    @Test
    void shouldCallTheNextOperatorThroughALinkOfItsOwnClass() throws Exception {
        List<String> seen = new ArrayList<>();
        List<ChainLinks.Lease> leases = new ArrayList<>();
        OperatorCounters counters = new OperatorCounters("source");

        Output<Long> link = ChainLinks.link("links#0/0", counters, times(10, "x10", seen), sideOutputs(counters), leases);
        link.collect(4L, 99L);
        link.collect(5L, 100L);

        assertThat(link.getClass().isHidden()).isTrue();
        assertThat(link.getClass().getName()).startsWith(ChainedOutput.class.getName() + "/");
        assertThat(seen).containsExactly("40@99", "50@100");
        assertThat(counters.recordsOut).isEqualTo(2);
        assertThat(leases).hasSize(1);
    }

    @Test
    void shouldGiveLiveLinksOfOneSlotACopyEach() throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        List<ChainLinks.Lease> leases = new ArrayList<>();
        OperatorCounters counters = new OperatorCounters("source");

        ChainLinks.link("links#1/0", counters, times(1, "x1", new ArrayList<>()), sideOutputs(counters), leases);
        leases.forEach(ChainLinks.Lease::release); // one copy free for the slot

        // the same job submitted twice: both run at once, in the same slot
        Output<Long> a = ChainLinks.link("links#1/0", counters, times(10, "x10", first), sideOutputs(counters), leases);
        Output<Long> b = ChainLinks.link("links#1/0", counters, times(100, "x100", second), sideOutputs(counters), leases);
        a.collect(1L, 1L);
        b.collect(2L, 2L);
        a.collect(3L, 3L);

        assertThat(a.getClass()).isNotSameAs(b.getClass());
        assertThat(first).containsExactly("10@1", "30@3");
        assertThat(second).containsExactly("200@2");
    }

    @Test
    void shouldReuseAReleasedCopyForTheSlotsNextTaskAndCallOnlyItsOperator() throws Exception {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        List<ChainLinks.Lease> leases = new ArrayList<>();
        OperatorCounters counters = new OperatorCounters("source");
        Output<Long> old = ChainLinks.link("links#2/0", counters, times(10, "x10", before), sideOutputs(counters), leases);
        old.collect(1L, 1L);

        leases.forEach(ChainLinks.Lease::release);
        leases.forEach(ChainLinks.Lease::release); // twice: the second does nothing
        Output<Long> restarted = ChainLinks.link("links#2/0", counters, times(2, "x2", after), sideOutputs(counters),
                leases);
        restarted.collect(7L, 7L);

        assertThat(restarted.getClass()).as("a job run again keeps its compiled copy").isSameAs(old.getClass());
        assertThat(before).containsExactly("10@1");
        assertThat(after).containsExactly("14@7");
    }

    @Test
    void shouldRefuseRecordsAfterTheLinkWasReleased() throws Exception {
        List<ChainLinks.Lease> leases = new ArrayList<>();
        OperatorCounters counters = new OperatorCounters("source");
        Output<Long> link = ChainLinks.link("links#3/0", counters, times(10, "x10", new ArrayList<>()),
                sideOutputs(counters), leases);

        leases.forEach(ChainLinks.Lease::release);

        assertThatThrownBy(() -> link.collect(1L, 1L))
                .isInstanceOf(OperatorFailure.class)
                .hasMessageContaining("operator 'x10'")
                .hasMessageContaining("after its task had closed");
    }

    @Test
    void shouldNameTheNextOperatorWhenItsFunctionFails() {
        List<ChainLinks.Lease> leases = new ArrayList<>();
        OperatorCounters counters = new OperatorCounters("source");
        MapOperator<Long, String> failing = new MapOperator<>(x -> {
            throw new IllegalArgumentException("bad value " + x);
        });
        failing.setup(context("parse"), null);
        Output<Long> link = ChainLinks.link("links#4/0", counters, failing, sideOutputs(counters), leases);

        assertThatThrownBy(() -> link.collect(3L, 1L))
                .isInstanceOf(OperatorFailure.class)
                .hasMessage("operator 'parse' (subtask 1/1) failed: java.lang.IllegalArgumentException: bad value 3");
    }

    @Test
    void shouldUseTheSharedClassWithoutASlot() throws Exception {
        List<String> seen = new ArrayList<>();
        List<ChainLinks.Lease> leases = new ArrayList<>();
        OperatorCounters counters = new OperatorCounters("source");

        Output<Long> link = ChainLinks.link(null, counters, times(3, "x3", seen), sideOutputs(counters), leases);
        link.collect(2L, 5L);

        assertThat(link.getClass()).isSameAs(ChainedOutput.class);
        assertThat(leases).isEmpty();
        assertThat(seen).containsExactly("6@5");
    }

    /** A map operator multiplying by {@code factor}, whose output records "value@timestamp" in {@code seen}. */
    private static StreamOperator<Long, Long> times(long factor, String name, List<String> seen) {
        MapOperator<Long, Long> op = new MapOperator<>(x -> x * factor);
        op.setup(context(name), new Output<>() {
            @Override
            public void collect(Long value, long timestamp) {
                seen.add(value + "@" + timestamp);
            }

            @Override
            public <X> void collect(OutputTag<X> tag, X value, long timestamp) {
            }
        });
        return op;
    }

    private static OperatorContext context(String name) {
        return new OperatorContext(name, 0, 1, 128, null, null, null, null, null, 0, "job");
    }

    private static SideOutputWriters sideOutputs(OperatorCounters counters) {
        return new SideOutputWriters(counters, Map.of());
    }
}
