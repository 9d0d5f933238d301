package org.rdc.ecg.intake;

import java.util.Optional;

/**
 * Finds the device an HTTP upload's API key belongs to. The application wires it to the facility
 * registry ({@code RDC_FACILITIES}); lookups must not block (they run on the Netty event loop).
 */
@FunctionalInterface
public interface DeviceDirectory {

    /** The device whose API key this is; empty for an unknown, blank or null key. */
    Optional<Device> byApiKey(String apiKey);
}
