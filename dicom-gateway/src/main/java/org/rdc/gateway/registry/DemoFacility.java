package org.rdc.gateway.registry;

import java.util.List;
import java.util.Set;
import org.rdc.gateway.registry.Facility.Device;

/**
 * The quick start's facility {@code demo} with the X-ray device DEMO_DR and the ECG cart DEMO_ECG, whose
 * API keys are published in the README. It exists only in demo mode ({@code RDC_DEMO=true}): then its
 * short keys are accepted although they are far below {@link ApiKeys#MIN_BITS}, because they are meant to
 * be typed from the README. Outside demo mode a device holding one of these keys (a database left from a
 * demo run) authenticates at no door, and the application removes the facility at start-up.
 */
public final class DemoFacility {

    public static final String ID = "demo";
    public static final String DR_KEY = "demo-dr-key";
    public static final String ECG_KEY = "demo-ecg-key";
    private static final Set<String> KEY_HASHES = Set.of(Secrets.sha256(DR_KEY), Secrets.sha256(ECG_KEY));

    private DemoFacility() {
    }

    public static Facility facility() {
        return new Facility(ID, "演示卫生院 (demo facility)", Facility.DEFAULT_CHARACTER_SET, null, List.of(
                new Device("DEMO_DR", "DX", List.of(), null, 0, Secrets.sha256(DR_KEY), null, null),
                new Device("DEMO_ECG", "ECG", List.of(), null, 0, Secrets.sha256(ECG_KEY), null, null)));
    }

    /** A device with a published demo key: the demo's own, or one an earlier demo run left in the database. */
    public static boolean isDemoDevice(Device device) {
        return device.apiKeySha256() != null && KEY_HASHES.contains(device.apiKeySha256());
    }

    /** The demo's facility: its id, with a device holding a published key (not a facility an administrator named 'demo'). */
    public static boolean isDemo(Facility facility) {
        return facility.id().equals(ID) && facility.devices().stream().anyMatch(DemoFacility::isDemoDevice);
    }

    public static boolean isDemoKey(String apiKey) {
        return apiKey != null && KEY_HASHES.contains(Secrets.sha256(apiKey.trim()));
    }
}
