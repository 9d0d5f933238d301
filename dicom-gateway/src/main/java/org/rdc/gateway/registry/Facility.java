package org.rdc.gateway.registry;

import java.util.List;
import org.rdc.dicom.iod.ResidentIdLocation;

/**
 * A member facility of the alliance (a township health centre, a clinic) and its devices.
 *
 * @param defaultCharacterSet character set for objects without (0008,0005), a defined term such as GB18030
 * @param reportDestination   where signed reports go back by C-STORE (may be null)
 * @param tlsClientCn         when set and the DICOM port speaks TLS, the CN of the client certificate this
 *                            facility's devices must present (null: no client certificate required)
 * @param patientIdentity     how its devices identify patients
 * @param reportHl7           its HL7 v2 receiver (MLLP) for signed reports as ORU^R01, or null
 * @param reportFhir          base URL of its FHIR server, to which signed reports are PUT as DiagnosticReport, or null
 * @param criticalValues      where critical values (危急值) are announced and escalated besides the API, or null
 */
public record Facility(String id, String name, String defaultCharacterSet, Destination reportDestination,
                       List<Device> devices, String tlsClientCn, PatientIdentity patientIdentity, HostPort reportHl7,
                       String reportFhir, CriticalContacts criticalValues) {

    public static final String DEFAULT_CHARACTER_SET = "GB18030";

    public Facility(String id, String name, String defaultCharacterSet, Destination reportDestination, List<Device> devices) {
        this(id, name, defaultCharacterSet, reportDestination, devices, null);
    }

    public Facility(String id, String name, String defaultCharacterSet, Destination reportDestination, List<Device> devices,
                    String tlsClientCn) {
        this(id, name, defaultCharacterSet, reportDestination, devices, tlsClientCn, PatientIdentity.DEFAULT);
    }

    public Facility(String id, String name, String defaultCharacterSet, Destination reportDestination, List<Device> devices,
                    String tlsClientCn, PatientIdentity patientIdentity) {
        this(id, name, defaultCharacterSet, reportDestination, devices, tlsClientCn, patientIdentity, null, null, null);
    }

    public Facility {
        devices = devices == null ? List.of() : List.copyOf(devices);
        if (defaultCharacterSet == null || defaultCharacterSet.isBlank()) {
            defaultCharacterSet = DEFAULT_CHARACTER_SET;
        }
        if (patientIdentity == null) {
            patientIdentity = PatientIdentity.DEFAULT;
        }
    }

    /**
     * How a facility's devices identify patients. Patient IDs are the facility's own whatever the
     * issuer: only the resident identity number (or an administrator's link) makes a patient of
     * another facility the same person.
     *
     * @param patientIdIssuer  the Issuer of Patient ID (0010,0021) recorded when a device sends none (its
     *                         HIS's name, say), so that devices with and without it name the same patient; null: none
     * @param residentIdAt     where its devices put the 居民身份证号
     * @param residentIdIssuer for {@link ResidentIdLocation#OTHER_PATIENT_IDS_SEQUENCE}: the Issuer of Patient ID
     *                         that marks the number's item, besides the type code NNCHN; null: the type code only
     */
    public record PatientIdentity(String patientIdIssuer, ResidentIdLocation residentIdAt, String residentIdIssuer) {

        public static final PatientIdentity DEFAULT = new PatientIdentity(null, ResidentIdLocation.OTHER_PATIENT_IDS_SEQUENCE, null);

        public PatientIdentity {
            patientIdIssuer = patientIdIssuer == null || patientIdIssuer.isBlank() ? null : patientIdIssuer.strip();
            residentIdIssuer = residentIdIssuer == null || residentIdIssuer.isBlank() ? null : residentIdIssuer.strip();
            if (residentIdAt == null) {
                residentIdAt = ResidentIdLocation.OTHER_PATIENT_IDS_SEQUENCE;
            }
        }
    }

    /**
     * Where the facility hears of a critical value (危急值) besides the API, and whom it is escalated to
     * when nobody acknowledges it in time. {@code webhookSecret} is the HMAC-SHA256 key of the signed
     * webhook: kept out of {@link #toString()}, logs and API answers.
     *
     * @param webhook            https URL the notification is POSTed to, or null
     * @param webhookSecret      the key both webhooks are signed with (required with a webhook)
     * @param hl7                HL7 v2 receiver of the ORU^R01 notification; null: the facility's {@code reportHl7}
     * @param escalationName     the second contact (e.g. the duty doctor or director), shown on a late notification
     * @param escalationPhone    their telephone, shown with the name
     * @param escalationWebhook  https URL a late notification is POSTed to, or null
     * @param escalationHl7      HL7 v2 receiver of a late notification, or null
     */
    public record CriticalContacts(String webhook, String webhookSecret, HostPort hl7, String escalationName, String escalationPhone,
                                   String escalationWebhook, HostPort escalationHl7) {

        @Override
        public String toString() {
            return "CriticalContacts[webhook=" + webhook + ", webhookSecret=" + (webhookSecret == null ? "none" : "(set)") + ", hl7=" + hl7
                    + ", escalationName=" + escalationName + ", escalationPhone=" + escalationPhone + ", escalationWebhook="
                    + escalationWebhook + ", escalationHl7=" + escalationHl7 + "]";
        }
    }

    /** A TCP address (an HL7 v2 MLLP receiver). */
    public record HostPort(String host, int port) {
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
