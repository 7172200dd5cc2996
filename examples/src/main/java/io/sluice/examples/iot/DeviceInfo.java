package io.sluice.examples.iot;

/**
 * What is known of a device, from the device registry (the second input of the job).
 *
 * @param device     the device id
 * @param site       where it is installed
 * @param sigmaLimit how many standard deviations from its recent mean a reading of this device may
 *                   depart before it is an anomaly
 */
public record DeviceInfo(String device, String site, double sigmaLimit) {
}
