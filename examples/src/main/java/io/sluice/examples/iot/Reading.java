package io.sluice.examples.iot;

/**
 * One measurement of one sensor of a device, at its event time.
 *
 * @param device the device id, like {@code d-07}
 * @param sensor the sensor type: {@code temperature}, {@code humidity} or {@code pressure}
 * @param value  the measured value
 * @param timeMs when it was measured, ms since the epoch (the event time)
 */
public record Reading(String device, String sensor, double value, long timeMs) {

    /** The key of a device's sensor: windows and anomaly statistics are kept per series. */
    public String series() {
        return device + "/" + sensor;
    }
}
