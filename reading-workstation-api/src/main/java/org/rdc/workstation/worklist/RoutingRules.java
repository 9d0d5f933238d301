package org.rdc.workstation.worklist;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rdc.dicom.uid.Uids;

/**
 * Which service line reads a study: by SOP Class UID first (ECG waveform classes), then by
 * modality. Parsed from configuration such as {@code RADIOLOGY=CR,DX,DR;ULTRASOUND=US;ECG=ECG}.
 */
public final class RoutingRules {

    public static final String DEFAULT_MODALITIES = "RADIOLOGY=CR,DX,DR,RF,MG,CT,MR;ULTRASOUND=US;ECG=ECG,HD";
    /** 12-lead, general, ambulatory and general 32-bit ECG waveform storage: 1.2.840.10008.5.1.4.1.1.9.1.x */
    public static final String DEFAULT_SOP_CLASSES = "ECG=1.2.840.10008.5.1.4.1.1.9.1.";

    private final Map<String, ServiceLine> byModality;
    private final Map<String, ServiceLine> bySopClass;

    public RoutingRules(Map<String, ServiceLine> byModality, Map<String, ServiceLine> bySopClass) {
        this.byModality = Map.copyOf(byModality);
        this.bySopClass = new LinkedHashMap<>(bySopClass);
    }

    public static RoutingRules defaults() {
        return parse(DEFAULT_MODALITIES, DEFAULT_SOP_CLASSES);
    }

    /**
     * @param modalities {@code LINE=MOD,MOD;LINE=MOD}
     * @param sopClasses {@code LINE=UID,UID.} where a UID ending in '.' is a prefix
     */
    public static RoutingRules parse(String modalities, String sopClasses) {
        Map<String, ServiceLine> m = new LinkedHashMap<>();
        parseLines("modality mapping", modalities).forEach((line, values) -> {
            for (String v : values.split(",")) {
                String mod = v.trim().toUpperCase(Locale.ROOT);
                if (!mod.isEmpty() && m.put(mod, line) != null) {
                    throw new IllegalArgumentException("modality mapping: " + mod + " is mapped to two service lines");
                }
            }
        });
        Map<String, ServiceLine> s = new LinkedHashMap<>();
        parseLines("SOP class mapping", sopClasses).forEach((line, values) -> {
            for (String v : values.split(",")) {
                String uid = v.trim();
                if (!uid.isEmpty()) {
                    if (!Uids.isValid(uid) && !Uids.isValidPrefix(uid)) {
                        throw new IllegalArgumentException("SOP class mapping: '" + uid
                                + "' is not a UID or a UID prefix ending in '.' (PS3.5 9.1)");
                    }
                    s.put(uid, line);
                }
            }
        });
        return new RoutingRules(m, s);
    }

    private static Map<ServiceLine, String> parseLines(String what, String text) {
        Map<ServiceLine, String> out = new EnumMap<>(ServiceLine.class);
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(what + ": expected LINE=VALUE,VALUE but got '" + part.trim() + "'");
            }
            out.put(ServiceLine.valueOf(part.substring(0, eq).trim().toUpperCase(Locale.ROOT)), part.substring(eq + 1));
        }
        return out;
    }

    public Optional<ServiceLine> forSopClass(String sopClassUid) {
        if (sopClassUid == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, ServiceLine> e : bySopClass.entrySet()) {
            String k = e.getKey();
            if (k.endsWith(".") ? sopClassUid.startsWith(k) : sopClassUid.equals(k)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    public Optional<ServiceLine> forModality(String modality) {
        return modality == null ? Optional.empty() : Optional.ofNullable(byModality.get(modality.trim().toUpperCase(Locale.ROOT)));
    }

    /** SOP classes decide before modalities; among modalities the first mapped one in the given order. */
    public Optional<ServiceLine> route(Collection<String> sopClassUids, Collection<String> modalities) {
        for (String c : sopClassUids) {
            Optional<ServiceLine> l = forSopClass(c);
            if (l.isPresent()) {
                return l;
            }
        }
        for (String m : modalities) {
            Optional<ServiceLine> l = forModality(m);
            if (l.isPresent()) {
                return l;
            }
        }
        return Optional.empty();
    }
}
