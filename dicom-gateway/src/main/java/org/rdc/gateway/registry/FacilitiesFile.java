package org.rdc.gateway.registry;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rdc.dicom.encoding.SpecificCharacterSet;
import org.rdc.dicom.iod.ResidentIdLocation;
import org.rdc.gateway.registry.Facility.Destination;
import org.rdc.gateway.registry.Facility.Device;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The facilities file ({@code RDC_FACILITIES}, YAML), for example:
 * <pre>
 * facilities:
 *   - id: zhushan
 *     name: 珠山镇中心卫生院
 *     defaultCharacterSet: GB18030
 *     reportDestination: {aeTitle: ZHUSHAN_PACS, host: 127.0.0.1, port: 11113}
 *     devices:
 *       - {aeTitle: ZHUSHAN_DR, kind: DX}
 *       - {aeTitle: ZHUSHAN_US, kind: US, hosts: [127.0.0.1]}
 *       - {aeTitle: ZHUSHAN_ECG, kind: ECG, apiKey: "..."}
 *       - {aeTitle: ZHUSHAN_CT, kind: CT, host: 10.1.2.3, port: 104, username: ct, password: "..."}
 *     tlsClientCn: zhushan-gw       # optional: TLS client certificate CN its devices must present
 *     patientIdIssuer: ZHUSHAN_HIS  # optional: Issuer of Patient ID when a device sends none
 *     residentIdAt: OTHER_PATIENT_IDS_SEQUENCE  # where devices put the 居民身份证号 (the default; or
 *                                   # OTHER_PATIENT_IDS, PATIENT_ID, NONE)
 *     residentIdIssuer: 身份证       # optional: the Issuer of Patient ID of that (0010,1002) item
 *     reportHl7: {host: 10.1.2.4, port: 2575}          # optional: signed reports also as HL7 v2 ORU^R01 (MLLP)
 *     reportFhir: https://his.zhushan.local/fhir       # optional: ... and PUT as FHIR R4 DiagnosticReport
 *     criticalValues:                                  # optional: critical values (危急值) besides the API
 *       webhook: https://his.zhushan.local/rdc/critical  # POSTed, signed with HMAC-SHA256 under webhookSecret
 *       webhookSecret: "32 characters or more"
 *       hl7: {host: 10.1.2.4, port: 2575}                # ORU^R01 notification (default: reportHl7)
 *       escalation: {name: 王主任, phone: "0710-1234567", webhook: https://..., hl7: {host: ..., port: ...}}
 * </pre>
 * Secrets are hashed as they are read; an API key below {@link ApiKeys#MIN_BITS} bits is refused; errors name
 * the facility and device.
 */
public final class FacilitiesFile {

    private FacilitiesFile() {
    }

    public static List<Facility> read(Path path) throws IOException {
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(r, path.toString());
        }
    }

    public static List<Facility> parse(Reader reader, String source) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        if (!(root instanceof Map<?, ?> m) || !(m.get("facilities") instanceof List<?> list)) {
            throw new IllegalArgumentException(source + ": expected a top-level 'facilities:' list");
        }
        List<Facility> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> aes = new HashSet<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> f)) {
                throw new IllegalArgumentException(source + ": each facility must be a mapping");
            }
            Facility facility = facility(f, source);
            if (!ids.add(facility.id())) {
                throw new IllegalArgumentException(source + ": facility id '" + facility.id() + "' appears twice");
            }
            for (Device d : facility.devices()) {
                if (!aes.add(d.aeTitle())) {
                    throw new IllegalArgumentException(source + ": AE title '" + d.aeTitle() + "' appears twice");
                }
            }
            out.add(facility);
        }
        return out;
    }

    /** One facility from its mapping (YAML or the admin API's JSON); secrets are hashed here. */
    public static Facility facility(Map<?, ?> f, String source) {
        String id = string(f, "id", source + ": facility");
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(source + ": facility id '" + id + "' must be 1-64 letters, digits, '_', '-', '.'");
        }
        String where = source + ": facility '" + id + "'";
        String name = string(f, "name", where);
        String charset = string(f, "defaultCharacterSet", where);
        if (charset != null) {
            SpecificCharacterSet cs;
            try {
                cs = SpecificCharacterSet.of(charset);
            } catch (RuntimeException e) {
                cs = null;
            }
            if (cs == null) {
                throw new IllegalArgumentException(where + ": unknown defaultCharacterSet '" + charset
                        + "' (a (0008,0005) defined term such as GB18030, GBK, ISO_IR 192, ISO_IR 100)");
            }
        }
        Destination dest = null;
        if (f.get("reportDestination") instanceof Map<?, ?> d) {
            dest = new Destination(aeTitle(string(d, "aeTitle", where), where), string(d, "host", where),
                    port(d.get("port"), where));
        }
        List<Device> devices = new ArrayList<>();
        if (f.get("devices") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> d)) {
                    throw new IllegalArgumentException(where + ": each device must be a mapping");
                }
                devices.add(device(d, where));
            }
        }
        Facility.HostPort hl7 = hostPort(f, "reportHl7", where);
        String fhir = string(f, "reportFhir", where);
        if (fhir != null && (!fhir.matches("https?://[^\\s?#]+") || fhir.length() > 300)) {
            throw new IllegalArgumentException(where + ": reportFhir '" + fhir + "' is not an http(s) base URL (no query, at most 300 characters)");
        }
        return new Facility(id, name == null ? id : name, charset, dest, devices, string(f, "tlsClientCn", where),
                patientIdentity(f, where), hl7, fhir, criticalContacts(f, where));
    }

    /** An optional {@code {host: ..., port: ...}} mapping. */
    private static Facility.HostPort hostPort(Map<?, ?> m, String key, String where) {
        if (m.get(key) instanceof Map<?, ?> h) {
            String host = string(h, "host", where + ", " + key);
            int p = port(h.get("port"), where + ", " + key);
            if (host == null || host.isBlank() || p == 0) {
                throw new IllegalArgumentException(where + ": " + key + " needs a host and a port");
            }
            return new Facility.HostPort(host, p);
        } else if (m.get(key) != null) {
            throw new IllegalArgumentException(where + ": " + key + " must be a mapping {host: ..., port: ...}");
        }
        return null;
    }

    /** The HMAC key of a webhook: long enough that it cannot be guessed (256 bits of base64 are 43 characters). */
    public static final int MIN_WEBHOOK_SECRET = 32;

    private static Facility.CriticalContacts criticalContacts(Map<?, ?> f, String where) {
        Object o = f.get("criticalValues");
        if (o == null) {
            return null;
        }
        if (!(o instanceof Map<?, ?> c)) {
            throw new IllegalArgumentException(where + ": criticalValues must be a mapping");
        }
        String w = where + ", criticalValues";
        Map<?, ?> e = Map.of();
        if (c.get("escalation") instanceof Map<?, ?> m) {
            e = m;
        } else if (c.get("escalation") != null) {
            throw new IllegalArgumentException(w + ": escalation must be a mapping {name, phone, webhook, hl7}");
        }
        String webhook = webhook(c, "webhook", w);
        String escalationWebhook = webhook(e, "webhook", w + ", escalation");
        String secret = string(c, "webhookSecret", w);
        if (secret != null && secret.length() < MIN_WEBHOOK_SECRET) {
            throw new IllegalArgumentException(w + ": webhookSecret must be at least " + MIN_WEBHOOK_SECRET + " characters");
        }
        String name = string(e, "name", w + ", escalation");
        String phone = string(e, "phone", w + ", escalation");
        if ((name != null && name.length() > 100) || (phone != null && phone.length() > 40)) {
            throw new IllegalArgumentException(w + ": escalation name (100) or phone (40 characters) is too long");
        }
        return new Facility.CriticalContacts(webhook, secret, hostPort(c, "hl7", w), name, phone, escalationWebhook,
                hostPort(e, "hl7", w + ", escalation"));
    }

    private static String webhook(Map<?, ?> m, String key, String where) {
        String url = string(m, key, where);
        if (url != null && (!url.matches("https?://[^\\s#]+") || url.length() > 300)) {
            throw new IllegalArgumentException(where + ": " + key + " '" + url + "' is not an http(s) URL of at most 300 characters");
        }
        return url;
    }

    private static Facility.PatientIdentity patientIdentity(Map<?, ?> f, String where) {
        String at = string(f, "residentIdAt", where);
        ResidentIdLocation location;
        try {
            location = at == null ? null : ResidentIdLocation.valueOf(at.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": residentIdAt '" + at + "' is not one of "
                    + Arrays.toString(ResidentIdLocation.values()));
        }
        return new Facility.PatientIdentity(issuer(f, "patientIdIssuer", where), location, issuer(f, "residentIdIssuer", where));
    }

    /** An Issuer of Patient ID (0010,0021): LO, at most 64 characters. */
    private static String issuer(Map<?, ?> f, String key, String where) {
        String issuer = string(f, key, where);
        if (issuer != null && issuer.length() > 64) {
            throw new IllegalArgumentException(where + ": " + key + " is longer than 64 characters (an LO value)");
        }
        return issuer;
    }

    static Device device(Map<?, ?> d, String where) {
        String ae = aeTitle(string(d, "aeTitle", where + ": device"), where);
        String w = where + ", device '" + ae + "'";
        List<String> hosts = new ArrayList<>();
        if (d.get("hosts") instanceof List<?> hl) {
            hl.forEach(h -> hosts.add(String.valueOf(h).trim()));
        } else if (d.get("hosts") != null) {
            throw new IllegalArgumentException(w + ": hosts must be a list");
        }
        String apiKey = string(d, "apiKey", w);
        String password = string(d, "password", w);
        String username = string(d, "username", w);
        if (password != null && username == null) {
            throw new IllegalArgumentException(w + ": a password needs a username");
        }
        if (apiKey != null) {
            ApiKeys.requireStrong(apiKey, w);
        }
        return new Device(ae, string(d, "kind", w), hosts, string(d, "host", w), port(d.get("port"), w),
                apiKey == null ? null : Secrets.sha256(apiKey), username,
                password == null ? null : Secrets.hashPassword(password));
    }

    /** PS3.5 6.2 AE: 1-16 characters of the default repertoire, no backslash or control characters, not all spaces. */
    public static String aeTitle(String ae, String where) {
        if (ae == null || ae.isBlank() || ae.trim().length() > 16 || !ae.trim().matches("[\\x20-\\x5B\\x5D-\\x7E]+")) {
            throw new IllegalArgumentException(where + ": AE title '" + ae + "' is not 1-16 printable characters");
        }
        return ae.trim();
    }

    private static String string(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a single value");
        }
        return String.valueOf(v).trim();
    }

    private static int port(Object v, String where) {
        if (v == null) {
            return 0;
        }
        try {
            int p = Integer.parseInt(String.valueOf(v).trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": port '" + v + "' is not 1-65535");
        }
    }
}
