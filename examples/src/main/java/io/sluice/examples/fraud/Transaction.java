package io.sluice.examples.fraud;

import java.time.Instant;

/**
 * A card transaction, one CSV line on the wire:
 * {@code id,account,amount,merchant,category,city,lat,lon,time}, the amount with two decimals and
 * the time an ISO-8601 instant, e.g.
 * {@code t000042,acct-0007,57.20,m-0311,grocery,Berlin,52.52,13.405,2026-03-02T13:05:22Z}.
 *
 * @param amountCents the amount in cents, so that sums and comparisons are exact
 * @param timeMs      the event time, ms since the epoch
 */
public record Transaction(String id, String account, long amountCents, String merchant, String category,
                          String city, double lat, double lon, long timeMs) {

    /** Parses one line; throws {@link IllegalArgumentException} naming the line when it is malformed. */
    public static Transaction parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 9) {
            throw new IllegalArgumentException("a transaction has 9 comma-separated fields"
                    + " (id,account,amount,merchant,category,city,lat,lon,time), got " + f.length + " in '" + line + "'");
        }
        try {
            return new Transaction(f[0], f[1], parseCents(f[2]), f[3], f[4], f[5],
                    Double.parseDouble(f[6]), Double.parseDouble(f[7]), Instant.parse(f[8]).toEpochMilli());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed transaction '" + line + "': " + e.getMessage(), e);
        }
    }

    /** The wire form, which {@link #parse} reads back. */
    public String toLine() {
        return id + ',' + account + ',' + formatCents(amountCents) + ',' + merchant + ',' + category + ','
                + city + ',' + lat + ',' + lon + ',' + Instant.ofEpochMilli(timeMs);
    }

    /** {@code 12.05} for 1205. */
    public static String formatCents(long cents) {
        long abs = Math.abs(cents);
        return (cents < 0 ? "-" : "") + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }

    static long parseCents(String amount) {
        int dot = amount.indexOf('.');
        if (dot < 0) {
            return Math.multiplyExact(Long.parseLong(amount), 100);
        }
        String fraction = (amount.substring(dot + 1) + "00").substring(0, 2);
        if (amount.length() - dot - 1 > 2) {
            throw new IllegalArgumentException("an amount has at most two decimals, got " + amount);
        }
        long whole = dot == 0 ? 0 : Long.parseLong(amount.substring(0, dot));
        return Math.addExact(Math.multiplyExact(whole, 100), Long.parseLong(fraction));
    }

    /** A short readable form for alerts: {@code t000042 57.20 grocery Berlin 13:05:22}. */
    String brief() {
        String t = Instant.ofEpochMilli(timeMs).toString();
        return id + ' ' + formatCents(amountCents) + ' ' + category + ' ' + city + ' ' + t.substring(11, 19);
    }
}
