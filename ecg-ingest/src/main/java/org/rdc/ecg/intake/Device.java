package org.rdc.ecg.intake;

/**
 * An authenticated ECG device: which facility it belongs to and its identity in the registry
 * (the AE title the gateway's facility registry keys devices by).
 */
public record Device(String facilityId, String deviceId) {

    public Device {
        if (facilityId == null || facilityId.isBlank()) {
            throw new IllegalArgumentException("a device belongs to a facility");
        }
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("a device has an id");
        }
    }
}
