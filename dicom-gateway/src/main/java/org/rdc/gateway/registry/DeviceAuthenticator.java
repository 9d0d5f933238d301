package org.rdc.gateway.registry;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.rdc.gateway.registry.Facility.Device;

/**
 * Who a device is, decided once for every door it may come through: a DICOM association (calling AE
 * title), STOW-RS and the ECG upload (API key). Every rule holds at every door that carries what it checks:
 * <ul>
 *   <li>the device is in the registry (unknown AE title or key: refused);</li>
 *   <li>a presented API key has at least {@link ApiKeys#MIN_BITS} bits ({@link ApiKeys#entropyBits}), so a
 *       short key left in the database by older versions works nowhere;</li>
 *   <li>a device holding a published demo key ({@link DemoFacility}) only in demo mode;</li>
 *   <li>the device's kind may use the door (ECG upload: ECG devices, or devices without a kind);</li>
 *   <li>a key given together with an AE title (Basic) is that device's;</li>
 *   <li>the source address is in the device's {@code hosts} (resolved when the registry loads:
 *       {@link FacilityRegistry#sourceAllowed});</li>
 *   <li>a facility with {@code tlsClientCn}: over TLS with a client certificate of that CN;</li>
 *   <li>DICOM only: a device with a username must present that user identity (PS3.7 D.3.3.7), with its
 *       passcode when it has one (PBKDF2: the caller runs that check off the event loop).</li>
 * </ul>
 * Nothing here blocks; the keys never appear in a message.
 */
public final class DeviceAuthenticator {

    /** The ways in. */
    public enum Door {
        DICOM("DICOM association"), STOW_RS("STOW-RS"), ECG_UPLOAD("ECG upload");

        private final String label;

        Door(String label) {
            this.label = label;
        }

        /** Only ECG devices upload ECG files; DICOM and STOW-RS carry every kind (DICOM ECGs included). */
        boolean admits(Device device) {
            String kind = device.kind() == null ? "" : device.kind().trim().toUpperCase(Locale.ROOT);
            return this != ECG_UPLOAD || kind.isEmpty() || kind.equals("ECG");
        }
    }

    /** What the connection proves about itself at the TLS layer (the certificate chain was verified there). */
    public record Tls(boolean secure, X509Certificate clientCertificate) {
        public static final Tls NONE = new Tls(false, null);
    }

    /**
     * A user identity (PS3.7 D.3.3.7) as the A-ASSOCIATE-RQ carried it: {@code type} 1 username, 2 username and
     * passcode, others (Kerberos, SAML, JWT) not supported; the fields as UTF-8 text.
     */
    public record UserIdentity(int type, String primaryField, String secondaryField) {
    }

    /**
     * The device, or why not: {@code reason} a short code for metrics (unknown-device, weak-key, demo-device,
     * device-kind, wrong-device, source-address, tls-client-certificate, user-identity), {@code detail} a sentence
     * for the log and the refusal.
     */
    public record Outcome(FacilityRegistry.Match match, String reason, String detail) {

        public boolean authenticated() {
            return match != null;
        }

        static Outcome refused(String reason, String detail) {
            return new Outcome(null, reason, detail);
        }
    }

    private final FacilityRegistry registry;
    private final boolean demoMode;

    /** @param demoMode {@code RDC_DEMO=true}: the published demo keys are accepted */
    public DeviceAuthenticator(FacilityRegistry registry, boolean demoMode) {
        this.registry = registry;
        this.demoMode = demoMode;
    }

    public FacilityRegistry registry() {
        return registry;
    }

    /** A DICOM association by its calling AE title. */
    public Outcome association(String callingAe, InetAddress source, Tls tls, UserIdentity identity) {
        FacilityRegistry.Match match = registry.byAeTitle(callingAe).orElse(null);
        if (match == null) {
            return Outcome.refused("unknown-device", "unknown device: calling AE title '" + callingAe
                    + "' is in no facility of the registry");
        }
        Outcome common = check(Door.DICOM, match, source, tls);
        if (common != null) {
            return common;
        }
        String identityProblem = checkIdentity(match.device(), identity);
        if (identityProblem != null) {
            return Outcome.refused("user-identity", "device '" + callingAe + "': " + identityProblem);
        }
        return new Outcome(match, null, null);
    }

    /**
     * An HTTP request by its API key.
     *
     * @param claimedAeTitle the AE title sent with the key (HTTP Basic user), or null
     */
    public Outcome apiKey(Door door, String apiKey, String claimedAeTitle, InetAddress source, Tls tls) {
        if (apiKey == null || apiKey.isBlank()) {
            return Outcome.refused("unknown-device", "no device API key");
        }
        String key = apiKey.trim();
        if (!ApiKeys.strong(key) && !(demoMode && DemoFacility.isDemoKey(key))) {
            return Outcome.refused("weak-key", "the API key has fewer than " + ApiKeys.MIN_BITS
                    + " bits of entropy; no device has such a key");
        }
        FacilityRegistry.Match match = registry.byApiKey(key).orElse(null);
        if (match == null) {
            return Outcome.refused("unknown-device", "the API key belongs to no registered device");
        }
        if (claimedAeTitle != null && !claimedAeTitle.equals(match.device().aeTitle())) {
            return Outcome.refused("wrong-device", "the API key is not the key of device '" + claimedAeTitle + "'");
        }
        Outcome common = check(door, match, source, tls);
        return common != null ? common : new Outcome(match, null, null);
    }

    /** The rules of every door, once the device is known. */
    private Outcome check(Door door, FacilityRegistry.Match match, InetAddress source, Tls tls) {
        Device d = match.device();
        String who = "device '" + d.aeTitle() + "' (facility '" + match.facility().id() + "')";
        if (!demoMode && DemoFacility.isDemoDevice(d)) {
            return Outcome.refused("demo-device", who + " holds a published demo key and is accepted only in demo mode"
                    + " (RDC_DEMO=true)");
        }
        if (!door.admits(d)) {
            return Outcome.refused("device-kind", who + " is of kind " + d.kind() + ": no " + door.label);
        }
        if (source != null && !registry.sourceAllowed(match, source)) {
            return Outcome.refused("source-address", "source address " + source.getHostAddress() + " is not in the host list "
                    + d.hosts() + " of " + who);
        }
        String tlsProblem = checkClientCertificate(match.facility(), tls == null ? Tls.NONE : tls);
        if (tlsProblem != null) {
            return Outcome.refused("tls-client-certificate", who + ": " + tlsProblem);
        }
        return null;
    }

    /** A facility with {@code tlsClientCn} must connect over TLS with a client certificate of that CN. */
    static String checkClientCertificate(Facility facility, Tls tls) {
        String cn = facility.tlsClientCn();
        if (cn == null || cn.isBlank()) {
            return null;
        }
        if (!tls.secure()) {
            return "a TLS client certificate (CN=" + cn + ") is required, but the connection is not TLS";
        }
        X509Certificate x = tls.clientCertificate();
        if (x == null) {
            return "a TLS client certificate (CN=" + cn + ") is required, none was presented";
        }
        try {
            for (Rdn rdn : new LdapName(x.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") && cn.equals(String.valueOf(rdn.getValue()))) {
                    return null;
                }
            }
            return "client certificate " + x.getSubjectX500Principal().getName() + " is not CN=" + cn;
        } catch (InvalidNameException e) {
            return "unreadable client certificate subject";
        }
    }

    /** PS3.7 D.3.3.7: a device with a configured username must present it (and its passcode when one is configured). */
    static String checkIdentity(Device device, UserIdentity identity) {
        if (!device.requiresUserIdentity()) {
            return null;
        }
        if (identity == null) {
            return "user identity required, none presented";
        }
        if (identity.type() != 1 && identity.type() != 2) {
            return "user identity type " + identity.type() + " not supported (username or username and passcode only)";
        }
        String user = identity.primaryField();
        if (!user.equals(device.username())) {
            return "user identity '" + user + "' does not match";
        }
        if (device.passwordHash() != null
                && (identity.type() != 2 || !Secrets.checkPassword(identity.secondaryField(), device.passwordHash()))) {
            return "wrong or missing passcode for user '" + user + "'";
        }
        return null;
    }
}
