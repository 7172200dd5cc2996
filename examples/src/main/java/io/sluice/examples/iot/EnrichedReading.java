package io.sluice.examples.iot;

/** A reading with the metadata of its device. */
public record EnrichedReading(Reading reading, DeviceInfo info) {

    public String series() {
        return reading.series();
    }
}
