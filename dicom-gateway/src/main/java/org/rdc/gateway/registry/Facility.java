package org.rdc.gateway.registry;

import java.util.List;

/**
 * A member facility of the alliance (a township health centre, a clinic) and its devices.
 *
 * @param defaultCharacterSet character set for objects without (0008,0005), a defined term such as GB18030
 * @param reportDestination   where signed reports go back by C-STORE (may be null)
 * @param tlsClientCn         when set and the DICOM port speaks TLS, the CN of the client certificate this
 *                            facility's devices must present (null: no client certificate required)
 */
public record Facility(String id, String name, String defaultCharacterSet, Destination reportDestination,
                       List<Device> devices, String tlsClientCn) {

    public static final String DEFAULT_CHARACTER_SET = "GB18030";

    public Facility(String id, String name, String defaultCharacterSet, Destination reportDestination, List<Device> devices) {
        this(id, name, defaultCharacterSet, reportDestination, devices, null);
    }

    public Facility {
        devices = devices == null ? List.of() : List.copyOf(devices);
        if (defaultCharacterSet == null || defaultCharacterSet.isBlank()) {
            defaultCharacterSet = DEFAULT_CHARACTER_SET;
        }
    }

    /** A DICOM network address: AE title, host and port. */
    public record Destination(String aeTitle, String host, int port) {
    }

    /**
     * One device of a facility.
     *
     * @param aeTitle       its calling AE title (unique in the whole registry)
     * @param kind          DX, CR, US, ECG, ... (informational)
     * @param hosts         source address allowlist; empty = any address
     * @param host          where the device listens, for Storage Commitment reports on a new association (may be null)
     * @param port          its DICOM port (0 = none)
     * @param apiKeySha256  SHA-256 (hex) of the device's API key for HTTP uploads (STOW-RS, ECG), or null
     * @param username      user identity (PS3.7 D.3.3.7) the device must present, or null when not required
     * @param passwordHash  {@link Secrets#hashPassword} of its passcode, or null
     */
    public record Device(String aeTitle, String kind, List<String> hosts, String host, int port, String apiKeySha256,
                         String username, String passwordHash) {

        public Device {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
        }

        public boolean requiresUserIdentity() {
            return username != null && !username.isBlank();
        }
    }
}
