package org.rdc.workstation.worklist;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How studies become tasks and how tasks are worked: quiet period and default priority per
 * facility, service-line routing, the default SLA matrix (service line x priority -> minutes to the
 * due time; the one in force is stored, {@link SlaMatrix}), the claim lease, the QC reasons a task can be returned with, and which sender markings
 * ((0040,1003), (0032,000C)) mean which priority.
 */
public record WorklistSettings(Duration defaultQuietPeriod, Priority defaultPriority, Map<String, FacilitySettings> facilities,
                               RoutingRules routing, ServiceLine fallbackServiceLine, Map<ServiceLine, Map<Priority, Duration>> sla,
                               Duration lease, List<String> qcReasons, Duration pollInterval, Map<String, Priority> priorityMarkings) {

    /**
     * What the centre knows of one facility for the worklist; null fields fall back to the defaults.
     * {@code markings} are the facility's own priority words, looked up before the centre's.
     */
    public record FacilitySettings(Duration quietPeriod, Priority defaultPriority, Map<String, Priority> markings) {
        public FacilitySettings {
            markings = markings == null ? Map.of() : Map.copyOf(markings);
        }
    }

    /**
     * Requested Procedure Priority (0040,1003) is STAT, HIGH, ROUTINE, MEDIUM or LOW (PS3.3 C.4.11);
     * the retired Study Priority ID (0032,000C) HIGH, MED or LOW. Township devices also write the
     * visit type in Chinese or our own names.
     */
    public static final String DEFAULT_PRIORITY_MARKINGS = "STAT=STAT,HIGH=INPATIENT,ROUTINE=OUTPATIENT,MEDIUM=OUTPATIENT,"
            + "MED=OUTPATIENT,LOW=CHECKUP,INPATIENT=INPATIENT,OUTPATIENT=OUTPATIENT,CHECKUP=CHECKUP,"
            + "急诊=STAT,急=STAT,住院=INPATIENT,门诊=OUTPATIENT,体检=CHECKUP";

    public static final String DEFAULT_QC_REASONS =
            "POSITIONING,EXPOSURE,MOTION,ARTEFACT,MISSING_VIEW,WRONG_PATIENT,LEAD_MISPLACEMENT,NOISE,OTHER";

    public WorklistSettings {
        facilities = Map.copyOf(facilities);
        qcReasons = List.copyOf(qcReasons);
        priorityMarkings = Map.copyOf(priorityMarkings);
        for (ServiceLine l : ServiceLine.values()) {
            for (Priority p : Priority.values()) {
                if (sla.get(l) == null || sla.get(l).get(p) == null) {
                    throw new IllegalArgumentException("SLA matrix has no time for " + l + "." + p);
                }
            }
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
        if (qcReasons.isEmpty()) {
            throw new IllegalArgumentException("at least one QC reason is needed");
        }
    }

    public static WorklistSettings defaults() {
        return new WorklistSettings(Duration.ofSeconds(30), Priority.OUTPATIENT, Map.of(), RoutingRules.defaults(),
                ServiceLine.RADIOLOGY, sla(""), Duration.ofMinutes(15), qcReasons(DEFAULT_QC_REASONS), Duration.ofMillis(250),
                priorityMarkings(""));
    }

    public WorklistSettings withFacilities(Map<String, FacilitySettings> f) {
        return new WorklistSettings(defaultQuietPeriod, defaultPriority, f, routing, fallbackServiceLine, sla, lease, qcReasons,
                pollInterval, priorityMarkings);
    }

    public WorklistSettings withLease(Duration l) {
        return new WorklistSettings(defaultQuietPeriod, defaultPriority, facilities, routing, fallbackServiceLine, sla, l, qcReasons,
                pollInterval, priorityMarkings);
    }

    /** What a sender's marking means at this facility: its own words first, then the centre's; empty if unknown. */
    public Optional<Priority> markedPriority(String facilityId, String marking) {
        if (marking == null || marking.isBlank()) {
            return Optional.empty();
        }
        String key = marking.strip().toUpperCase(Locale.ROOT);
        FacilitySettings f = facilityId == null ? null : facilities.get(facilityId);
        Priority p = f != null ? f.markings().get(key) : null;
        return Optional.ofNullable(p != null ? p : priorityMarkings.get(key));
    }

    /** The default markings, then {@code overrides} (MARKING=PRIORITY, comma separated) added or replacing them. */
    public static Map<String, Priority> priorityMarkings(String overrides) {
        Map<String, Priority> m = new LinkedHashMap<>();
        for (String s : List.of(DEFAULT_PRIORITY_MARKINGS, overrides == null ? "" : overrides)) {
            for (String cell : s.split(",")) {
                if (!cell.isBlank()) {
                    String[] kv = cell.split("=");
                    if (kv.length != 2 || kv[0].isBlank()) {
                        throw new IllegalArgumentException("priority markings: expected MARKING=PRIORITY (e.g. URGENT=STAT) but got '"
                                + cell.trim() + "'");
                    }
                    m.put(kv[0].strip().toUpperCase(Locale.ROOT), priority(kv[1], "priority marking '" + kv[0].strip() + "'"));
                }
            }
        }
        return m;
    }

    private static Priority priority(String name, String what) {
        try {
            return Priority.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": '" + name.strip() + "' is not a priority (STAT, INPATIENT, OUTPATIENT, CHECKUP)");
        }
    }

    public Duration quietPeriod(String facilityId) {
        FacilitySettings f = facilityId == null ? null : facilities.get(facilityId);
        return f != null && f.quietPeriod() != null ? f.quietPeriod() : defaultQuietPeriod;
    }

    public Duration longestQuietPeriod() {
        return facilities.values().stream().map(FacilitySettings::quietPeriod).filter(d -> d != null)
                .reduce(defaultQuietPeriod, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    public Priority defaultPriority(String facilityId) {
        FacilitySettings f = facilityId == null ? null : facilities.get(facilityId);
        return f != null && f.defaultPriority() != null ? f.defaultPriority() : defaultPriority;
    }

    public Duration sla(ServiceLine line, Priority priority) {
        return sla.get(line).get(priority);
    }

    /** Minutes per cell, defaults: STAT 30 (ECG 10), INPATIENT 120 (ECG 60), OUTPATIENT 240 (ECG 120), CHECKUP 1440. */
    public static Map<ServiceLine, Map<Priority, Duration>> sla(String overrides) {
        Map<ServiceLine, Map<Priority, Duration>> m = new EnumMap<>(ServiceLine.class);
        for (ServiceLine l : ServiceLine.values()) {
            Map<Priority, Duration> row = new EnumMap<>(Priority.class);
            boolean ecg = l == ServiceLine.ECG;
            row.put(Priority.STAT, Duration.ofMinutes(ecg ? 10 : 30));
            row.put(Priority.INPATIENT, Duration.ofMinutes(ecg ? 60 : 120));
            row.put(Priority.OUTPATIENT, Duration.ofMinutes(ecg ? 120 : 240));
            row.put(Priority.CHECKUP, Duration.ofMinutes(1440));
            m.put(l, row);
        }
        if (overrides != null) {
            for (String cell : overrides.split("[,;]")) {
                if (cell.isBlank()) {
                    continue;
                }
                String[] kv = cell.split("=");
                String[] key = kv[0].trim().toUpperCase(Locale.ROOT).split("\\.");
                if (kv.length != 2 || key.length != 2) {
                    throw new IllegalArgumentException("SLA: expected LINE.PRIORITY=MINUTES (e.g. ECG.STAT=10) but got '" + cell.trim() + "'");
                }
                long minutes;
                try {
                    minutes = Long.parseLong(kv[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("SLA: '" + kv[1].trim() + "' in '" + cell.trim() + "' is not a number of minutes");
                }
                if (minutes <= 0) {
                    throw new IllegalArgumentException("SLA: minutes must be positive in '" + cell.trim() + "'");
                }
                m.get(ServiceLine.valueOf(key[0])).put(Priority.valueOf(key[1]), Duration.ofMinutes(minutes));
            }
        }
        return m;
    }

    /** {@code demo:quiet=30s,priority=OUTPATIENT;th01:quiet=2m,mark.URGENT=STAT} */
    public static Map<String, FacilitySettings> facilities(String text) {
        Map<String, FacilitySettings> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("facility settings: expected ID:quiet=30s,priority=OUTPATIENT but got '" + part.trim() + "'");
            }
            String id = part.substring(0, colon).trim();
            Duration quiet = null;
            Priority priority = null;
            Map<String, Priority> markings = new LinkedHashMap<>();
            for (String kv : part.substring(colon + 1).split(",")) {
                if (kv.isBlank()) {
                    continue;
                }
                String[] p = kv.split("=");
                String key = p[0].trim().toLowerCase(Locale.ROOT);
                if (p.length != 2) {
                    throw new IllegalArgumentException("facility settings of " + id + ": expected key=value but got '" + kv.trim() + "'");
                }
                if (key.startsWith("mark.") && key.length() > 5) {
                    markings.put(p[0].strip().substring(5).toUpperCase(Locale.ROOT),
                            priority(p[1], "facility settings of " + id + ", " + p[0].strip()));
                    continue;
                }
                switch (key) {
                    case "quiet" -> quiet = duration(p[1].trim(), "quiet period of facility " + id);
                    case "priority" -> priority = priority(p[1], "facility settings of " + id + ", priority");
                    default -> throw new IllegalArgumentException("facility settings of " + id + ": unknown key '" + key
                            + "' (known: quiet, priority, mark.<MARKING>)");
                }
            }
            out.put(id, new FacilitySettings(quiet, priority, markings));
        }
        return out;
    }

    public static List<String> qcReasons(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .distinct().toList();
    }

    /** 30s, 2m, 1h, 500ms or an ISO-8601 duration (PT30S). */
    public static Duration duration(String s, String what) {
        try {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": '" + s + "' is not a duration like 30s, 2m, 1h or 500ms");
        }
    }
}
