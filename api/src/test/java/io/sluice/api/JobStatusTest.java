package io.sluice.api;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.sluice.api.JobStatus.CANCELED;
import static io.sluice.api.JobStatus.CANCELLING;
import static io.sluice.api.JobStatus.CREATED;
import static io.sluice.api.JobStatus.FAILED;
import static io.sluice.api.JobStatus.FINISHED;
import static io.sluice.api.JobStatus.RESTARTING;
import static io.sluice.api.JobStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

class JobStatusTest {

    /** The arrows of the diagram in {@link JobStatus}'s javadoc, and nothing else. */
    private static final Map<JobStatus, Set<JobStatus>> DIAGRAM = Map.of(
            CREATED, EnumSet.of(RUNNING, FAILED, CANCELED),
            RUNNING, EnumSet.of(FINISHED, FAILED, CANCELLING, RESTARTING),
            RESTARTING, EnumSet.of(RUNNING, FAILED, CANCELLING, CANCELED),
            CANCELLING, EnumSet.of(CANCELED, FAILED, FINISHED),
            FINISHED, EnumSet.noneOf(JobStatus.class),
            CANCELED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class));

    @Test
    void shouldAllowExactlyTheTransitionsOfTheDiagram() {
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(DIAGRAM.get(from).contains(to));
            }
        }
    }

    @Test
    void shouldCallTerminalExactlyTheStatusesWithoutWayOut() {
        for (JobStatus s : JobStatus.values()) {
            assertThat(s.isTerminal()).as("%s", s).isEqualTo(DIAGRAM.get(s).isEmpty());
        }
        assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isTerminal))
                .containsExactlyInAnyOrder(FINISHED, CANCELED, FAILED);
    }

    @Test
    void shouldNeverAllowStayingInPlace() {
        for (JobStatus s : JobStatus.values()) {
            assertThat(s.canMoveTo(s)).as("%s -> %s", s, s).isFalse();
        }
    }
}
