package io.sluice.examples.fraud;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rule updates, transaction lines and alert lines: what is written is read back, mistakes are named. */
class RulesAndRecordsTest {

    @Test
    void shouldChangeOnlyTheRulesAnUpdateNames() {
        Rules r = Rules.DEFAULTS.with("max-transactions=3 velocity-window-s=30");

        assertThat(r).isEqualTo(new Rules(100, 50_000, 60_000, 3, 30_000, 10, 5, 900));
        assertThat(Rules.DEFAULTS.with("{\"large-amount\": 250.50, \"max-speed-kmh\": 1000}"))
                .isEqualTo(new Rules(100, 25_050, 60_000, 5, 60_000, 10, 5, 1000));
        assertThat(Rules.DEFAULTS.with("small-amount = 2, min-history=3"))
                .isEqualTo(new Rules(200, 50_000, 60_000, 5, 60_000, 10, 3, 900));
    }

    @Test
    void shouldNameAnUnknownKeyOrABadValue() {
        assertThatThrownBy(() -> Rules.DEFAULTS.with("max-tx=3")).hasMessageContaining("unknown rule key 'max-tx'")
                .hasMessageContaining("max-transactions");
        assertThatThrownBy(() -> Rules.DEFAULTS.with("max-transactions=many"))
                .hasMessageContaining("max-transactions needs a number, got 'many'");
        assertThatThrownBy(() -> Rules.DEFAULTS.with("max-transactions=0"))
                .hasMessageContaining("max-transactions must be between 1");
    }

    @Test
    void shouldReadBackATransactionLine() {
        Transaction t = new Transaction("t0000042", "acct-0007", 5_720, "m-gro-3", "grocery", "Berlin", 52.52, 13.405,
                1_772_457_922_000L);

        assertThat(t.toLine()).isEqualTo("t0000042,acct-0007,57.20,m-gro-3,grocery,Berlin,52.52,13.405,2026-03-02T13:25:22Z");
        assertThat(Transaction.parse(t.toLine())).isEqualTo(t);
        assertThat(Transaction.parseCents("0.5")).isEqualTo(50);
        assertThat(Transaction.formatCents(5)).isEqualTo("0.05");
        assertThatThrownBy(() -> Transaction.parse("t1,acct-1,1.00")).hasMessageContaining("9 comma-separated fields");
    }

    @Test
    void shouldReadBackAnAlertLine() {
        Transaction small = new Transaction("t1", "acct-1", 42, "m", "books", "Paris", 48.857, 2.352, 1_772_409_600_000L);
        Transaction large = new Transaction("t2", "acct-1", 73_000, "m", "books", "Paris", 48.857, 2.352,
                1_772_409_630_000L);

        Alert a = Alert.of(FraudRule.SMALL_THEN_LARGE, "acct-1", List.of(small, large), "why");

        assertThat(a.toLine()).isEqualTo("FRAUD small-then-large acct-1 evidence=t1,t2 | t1 0.42 books Paris 00:00:00"
                + " -> t2 730.00 books Paris 00:00:30 (why)");
        assertThat(Alert.parse(a.toLine())).isEqualTo(a);
    }
}
