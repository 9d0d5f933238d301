package org.rdc.reports.critical;

import java.util.List;

/** Where a facility's critical values go besides the API, and its second contact. */
public interface CriticalTargets {

    /** Its targets now (a facility that changes them later gets later notifications there). */
    Targets of(String facilityId);

    /** The facility's HMAC-SHA256 webhook key, or null; read when a webhook is sent, never stored with a notification. */
    String webhookSecret(String facilityId);

    /** An HL7 target is {@code host:port}, a webhook its URL. */
    record Target(CriticalNotification.Channel channel, String address) {
    }

    /**
     * @param announce where a notification goes when it is raised
     * @param escalate where it goes when it is late
     * @param contact  the second contact, shown on a late notification (null: none configured)
     */
    record Targets(List<Target> announce, List<Target> escalate, CriticalNotification.Contact contact) {
        public static final Targets NONE = new Targets(List.of(), List.of(), null);

        public Targets {
            announce = List.copyOf(announce);
            escalate = List.copyOf(escalate);
        }
    }
}
