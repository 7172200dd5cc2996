package io.sluice.connectors.formats;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Element types of the tests. */
final class Model {

    private Model() {
    }

    public enum Side { BUY, SELL }

    public record Trade(String account, BigDecimal amount, Instant time) {
    }

    public record Line(String sku, long count, Side side) {
    }

    /** A record with generic field types. */
    public record Order(String id, List<Line> lines, Trade trade, Map<String, List<BigDecimal>> totals, Set<Side> sides,
                        LocalDate day, String note) {
    }

    /** A record that checks its fields. */
    public record Checked(String id) {
        public Checked {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("id must not be empty");
            }
        }
    }

    /** A class with a no-arg constructor: some fields through setters, some public. */
    public static final class Account {
        private String name;
        private long balanceCents;
        private BigDecimal rate;
        private Instant opened;
        public Address address;
        public List<String> tags;
        public String note;

        public Account() {
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public long getBalanceCents() {
            return balanceCents;
        }

        public void setBalanceCents(long balanceCents) {
            if (balanceCents < 0) {
                throw new IllegalArgumentException("balance must not be negative: " + balanceCents);
            }
            this.balanceCents = balanceCents;
        }

        public BigDecimal getRate() {
            return rate;
        }

        public void setRate(BigDecimal rate) {
            this.rate = rate;
        }

        public Instant getOpened() {
            return opened;
        }

        public void setOpened(Instant opened) {
            this.opened = opened;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Account a && Objects.equals(name, a.name) && balanceCents == a.balanceCents
                    && Objects.equals(rate, a.rate) && Objects.equals(opened, a.opened)
                    && Objects.equals(address, a.address) && Objects.equals(tags, a.tags) && Objects.equals(note, a.note);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, balanceCents, rate, opened, address, tags, note);
        }

        @Override
        public String toString() {
            return "Account(" + name + ", " + balanceCents + ", " + rate + ", " + opened + ", " + address + ", " + tags
                    + ", " + note + ")";
        }
    }

    public static final class Address {
        public String city;
        public String zip;

        public Address() {
        }

        Address(String city, String zip) {
            this.city = city;
            this.zip = zip;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Address a && Objects.equals(city, a.city) && Objects.equals(zip, a.zip);
        }

        @Override
        public int hashCode() {
            return Objects.hash(city, zip);
        }

        @Override
        public String toString() {
            return "Address(" + city + ", " + zip + ")";
        }
    }

    /** Jackson cannot create it: no no-arg constructor and no @JsonCreator. */
    public static final class NoDefaultConstructor {
        public final String id;

        public NoDefaultConstructor(String id) {
            this.id = id;
        }
    }

    /** Jackson cannot create it: an inner class needs its outer instance. */
    public final class Inner {
        public String id;
    }
}
