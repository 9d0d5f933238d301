package org.rdc.workstation.dicomweb;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.dictionary.ElementDictionary;
import org.rdc.dicom.uid.Uids;
import org.rdc.storage.catalog.MatchKeys;
import org.rdc.workstation.api.WorkstationException;

/**
 * The query parameters of a QIDO-RS search (PS3.18 8.3.4) turned into catalog matching keys and the
 * attributes to return. Every error is a 400 naming the parameter and what is wrong with it.
 *
 * <p>{@code {attributeID}={value}} (8.3.4.1): a keyword or a tag (00100010); an empty value matches
 * anything and asks for the attribute. UID keys take a list, comma- or backslash-separated or the
 * parameter repeated (8.3.4.1, UID list matching PS3.4 C.2.2.2.2). {@code includefield} (8.3.4.3):
 * keywords or tags, comma-separated or repeated, or {@code all}. {@code limit} and {@code offset}
 * (8.3.4.4), {@code fuzzymatching} (8.3.4.2).
 */
final class QidoQuery {

    /** The level a search returns (PS3.18 10.6.1: SearchForStudies, SearchForSeries, SearchForInstances). */
    enum Level { STUDY, SERIES, INSTANCE }

    static final int PATIENT_NAME = Tag.PatientName;
    static final int PATIENT_ID = Tag.PatientID;
    static final int ISSUER_OF_PATIENT_ID = 0x00100021;
    static final int STUDY_DATE = Tag.StudyDate;
    static final int STUDY_TIME = Tag.StudyTime;
    static final int ACCESSION_NUMBER = Tag.AccessionNumber;
    static final int STUDY_DESCRIPTION = Tag.StudyDescription;
    static final int STUDY_INSTANCE_UID = Tag.StudyInstanceUID;
    static final int MODALITIES_IN_STUDY = 0x00080061;
    static final int SERIES_INSTANCE_UID = Tag.SeriesInstanceUID;
    static final int MODALITY = Tag.Modality;
    static final int SERIES_NUMBER = Tag.SeriesNumber;
    static final int SERIES_DESCRIPTION = Tag.SeriesDescription;
    static final int SOP_INSTANCE_UID = Tag.SOPInstanceUID;
    static final int SOP_CLASS_UID = Tag.SOPClassUID;
    static final int INSTANCE_NUMBER = Tag.InstanceNumber;

    /** The attributes the catalog can match on, with the level each belongs to. */
    private static final Map<Integer, Level> MATCHING_KEYS = Map.ofEntries(
            Map.entry(PATIENT_NAME, Level.STUDY), Map.entry(PATIENT_ID, Level.STUDY), Map.entry(ISSUER_OF_PATIENT_ID, Level.STUDY),
            Map.entry(STUDY_DATE, Level.STUDY), Map.entry(STUDY_TIME, Level.STUDY), Map.entry(ACCESSION_NUMBER, Level.STUDY),
            Map.entry(STUDY_DESCRIPTION, Level.STUDY), Map.entry(STUDY_INSTANCE_UID, Level.STUDY),
            Map.entry(MODALITIES_IN_STUDY, Level.STUDY), Map.entry(SERIES_INSTANCE_UID, Level.SERIES),
            Map.entry(MODALITY, Level.SERIES), Map.entry(SERIES_NUMBER, Level.SERIES), Map.entry(SERIES_DESCRIPTION, Level.SERIES),
            Map.entry(SOP_INSTANCE_UID, Level.INSTANCE), Map.entry(SOP_CLASS_UID, Level.INSTANCE),
            Map.entry(INSTANCE_NUMBER, Level.INSTANCE));

    private static final Pattern TAG = Pattern.compile("[0-9A-Fa-f]{8}");
    private static final Pattern DA = Pattern.compile("\\d{8}");
    private static final Pattern TM = Pattern.compile("\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?");
    private static final DateTimeFormatter DA_FORMAT = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    final Level level;
    final MatchKeys keys;
    /** Attributes asked for by includefield or by an (empty or not) matching key; the level's defaults come on top. */
    final Set<Integer> included;
    final boolean includeAll;
    /** fuzzymatching=true was asked for; only literal matching is done (a Warning says so, PS3.18 8.3.4.2). */
    final boolean fuzzyAsked;
    /** Whether the client gave a limit; without one, the server's maximum applies. */
    final boolean limitGiven;

    private QidoQuery(Level level, MatchKeys keys, Set<Integer> included, boolean includeAll, boolean fuzzyAsked, boolean limitGiven) {
        this.level = level;
        this.keys = keys;
        this.included = included;
        this.includeAll = includeAll;
        this.fuzzyAsked = fuzzyAsked;
        this.limitGiven = limitGiven;
    }

    /**
     * @param parameters the request's query parameters (each with all its values)
     * @param studyUid the study of the path ({@code /studies/{study}/...}), or null
     * @param seriesUid the series of the path, or null
     */
    static QidoQuery parse(Level level, Map<String, String[]> parameters, String studyUid, String seriesUid) {
        MatchKeys.Builder keys = MatchKeys.builder().limit(MatchKeys.MAX_LIMIT);
        Set<Integer> included = new LinkedHashSet<>();
        boolean all = false;
        boolean fuzzy = false;
        boolean limitGiven = false;
        if (studyUid != null) {
            keys.studyInstanceUids(List.of(uid("the study in the path", studyUid)));
        }
        if (seriesUid != null) {
            keys.seriesInstanceUids(List.of(uid("the series in the path", seriesUid)));
        }
        for (Map.Entry<String, String[]> p : parameters.entrySet()) {
            String name = p.getKey();
            String[] values = p.getValue();
            switch (name) {
                case "limit" -> {
                    int limit = number(name, single(name, values), 1);
                    keys.limit(Math.min(limit, MatchKeys.MAX_LIMIT)); // more than the server supports: its maximum (8.3.4.4)
                    limitGiven = true;
                }
                case "offset" -> keys.offset(number(name, single(name, values), 0));
                case "fuzzymatching" -> {
                    String v = single(name, values);
                    if (!v.equals("true") && !v.equals("false")) {
                        throw WorkstationException.invalid("fuzzymatching must be true or false, not '" + v + "'");
                    }
                    fuzzy = v.equals("true");
                }
                case "includefield" -> {
                    for (String v : values) {
                        for (String field : v.split(",", -1)) {
                            if (field.strip().equals("all")) {
                                all = true;
                            } else {
                                included.add(attribute("includefield", field.strip()));
                            }
                        }
                    }
                }
                // content negotiation (8.3.3): answered by the controller
                case "accept", "charset" -> { }
                default -> {
                    int tag = attribute("query key", name);
                    included.add(tag);
                    match(level, keys, name, tag, values, studyUid != null, seriesUid != null);
                }
            }
        }
        try {
            return new QidoQuery(level, keys.build(), included, all, fuzzy, limitGiven);
        } catch (IllegalArgumentException e) {
            throw WorkstationException.invalid(e.getMessage());
        }
    }

    /** One matching key; an empty value is universal matching (PS3.4 C.2.2.2.3) and only asks for the attribute. */
    private static void match(Level level, MatchKeys.Builder keys, String name, int tag, String[] values, boolean studyInPath,
                              boolean seriesInPath) {
        Level keyLevel = MATCHING_KEYS.get(tag);
        String label = label(name, tag);
        boolean empty = values.length == 0 || (values.length == 1 && values[0].isEmpty());
        if (keyLevel == null) {
            if (empty) {
                return;
            }
            throw WorkstationException.invalid(label + " is not a matching key of this server; it matches on "
                    + MATCHING_KEYS.keySet().stream().sorted().map(ElementDictionary::keywordOf).toList());
        }
        if (keyLevel.compareTo(level) > 0) {
            throw WorkstationException.invalid(label + " is an attribute of the " + keyLevel.name().toLowerCase(Locale.ROOT)
                    + " level: a search for " + plural(level) + " cannot match on it");
        }
        if (empty) {
            return;
        }
        if (tag == STUDY_INSTANCE_UID || tag == SERIES_INSTANCE_UID || tag == SOP_INSTANCE_UID || tag == SOP_CLASS_UID) {
            List<String> uids = new ArrayList<>();
            for (String v : values) {
                for (String u : v.split("[,\\\\]", -1)) {
                    uids.add(uid(label, u.strip()));
                }
            }
            if ((tag == STUDY_INSTANCE_UID && studyInPath) || (tag == SERIES_INSTANCE_UID && seriesInPath)) {
                throw WorkstationException.invalid(label + " is already given by the path");
            }
            switch (tag) {
                case STUDY_INSTANCE_UID -> keys.studyInstanceUids(uids);
                case SERIES_INSTANCE_UID -> keys.seriesInstanceUids(uids);
                case SOP_INSTANCE_UID -> keys.sopInstanceUids(uids);
                default -> keys.sopClassUids(uids);
            }
            return;
        }
        if (tag == MODALITIES_IN_STUDY || tag == MODALITY) {
            List<String> codes = new ArrayList<>();
            for (String v : values) {
                for (String c : v.split("[,\\\\]", -1)) {
                    if (!c.strip().matches("[A-Z0-9_ ]{1,16}")) {
                        throw WorkstationException.invalid(label + " '" + c + "' is not a modality code (CS, PS3.3 C.7.3.1.1.1)");
                    }
                    codes.add(c.strip());
                }
            }
            if (tag == MODALITY) {
                keys.modalities(codes);
            } else {
                keys.modalitiesInStudy(codes);
            }
            return;
        }
        String v = single(label, values);
        switch (tag) {
            case PATIENT_NAME -> keys.patientName(v);
            case PATIENT_ID -> keys.patientId(v);
            case ISSUER_OF_PATIENT_ID -> keys.issuerOfPatientId(v);
            case ACCESSION_NUMBER -> keys.accessionNumber(v);
            case STUDY_DESCRIPTION -> keys.studyDescription(v);
            case SERIES_DESCRIPTION -> keys.seriesDescription(v);
            case SERIES_NUMBER -> keys.seriesNumber(number(label, v, Integer.MIN_VALUE));
            case INSTANCE_NUMBER -> keys.instanceNumber(number(label, v, Integer.MIN_VALUE));
            case STUDY_DATE -> keys.studyDate(dateRange(label, v));
            case STUDY_TIME -> keys.studyTime(timeRange(label, v));
            default -> throw new IllegalStateException("no matching for " + label);
        }
    }

    private static String plural(Level level) {
        return switch (level) {
            case STUDY -> "studies";
            case SERIES -> "series";
            case INSTANCE -> "instances";
        };
    }

    /** An attribute named by keyword or tag (PS3.18 8.3.4.1 {attributeID}); sequences of attributes are not supported. */
    static int attribute(String what, String id) {
        if (id.contains(".")) {
            throw WorkstationException.invalid(what + " '" + id + "': attributes inside sequences are not supported here");
        }
        if (TAG.matcher(id).matches()) {
            int tag = Integer.parseUnsignedInt(id, 16);
            if (ElementDictionary.lookup(tag) == null) {
                throw WorkstationException.invalid(what + " '" + id + "' is not a tag of the DICOM dictionary (PS3.6)");
            }
            return tag;
        }
        int tag = ElementDictionary.tagOf(id);
        if (tag == -1) {
            throw WorkstationException.invalid(what + " '" + id + "' is neither a keyword of the DICOM dictionary (PS3.6) nor a tag"
                    + " such as 00100010");
        }
        return tag;
    }

    private static String label(String name, int tag) {
        String keyword = ElementDictionary.keywordOf(tag);
        return name.equals(keyword) ? keyword : keyword + " (" + name + ")";
    }

    private static String single(String name, String[] values) {
        if (values.length != 1) {
            throw WorkstationException.invalid(name + " is given " + values.length + " times; it takes one value");
        }
        return values[0];
    }

    private static int number(String name, String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw WorkstationException.invalid(name + " must be a whole number, not '" + value + "'");
        }
        if (n < min) {
            throw WorkstationException.invalid(name + " must be at least " + min + ", not " + n);
        }
        return n;
    }

    private static String uid(String name, String uid) {
        if (!Uids.isValid(uid)) {
            throw WorkstationException.invalid(name + ": '" + uid + "' is not a valid UID (PS3.5 9.1)");
        }
        return uid;
    }

    /** DA single value or range (PS3.4 C.2.2.2.5): 20261120, 20261101-20261130, 20261101-, -20261130. */
    private static MatchKeys.DateRange dateRange(String name, String value) {
        String[] ends = range(name, value);
        try {
            return new MatchKeys.DateRange(date(name, ends[0]), date(name, ends[1]));
        } catch (IllegalArgumentException e) {
            throw WorkstationException.invalid(name + " '" + value + "': " + e.getMessage());
        }
    }

    private static LocalDate date(String name, String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (!DA.matcher(s).matches()) {
            throw WorkstationException.invalid(name + ": '" + s + "' is not a date (DA is YYYYMMDD, PS3.5 6.2)");
        }
        try {
            return LocalDate.parse(s, DA_FORMAT);
        } catch (DateTimeParseException e) {
            throw WorkstationException.invalid(name + ": '" + s + "' is not a date of the calendar");
        }
    }

    /** TM single value or range: 0830, 080000-120000, 08-, -1200. */
    private static MatchKeys.TimeRange timeRange(String name, String value) {
        String[] ends = range(name, value);
        for (String t : ends) {
            if (!t.isEmpty() && (!TM.matcher(t).matches() || !validTime(t))) {
                throw WorkstationException.invalid(name + ": '" + t + "' is not a time (TM is HHMMSS.FFFFFF, PS3.5 6.2)");
            }
        }
        try {
            return new MatchKeys.TimeRange(ends[0].isEmpty() ? null : ends[0], ends[1].isEmpty() ? null : ends[1]);
        } catch (IllegalArgumentException e) {
            throw WorkstationException.invalid(name + " '" + value + "': " + e.getMessage());
        }
    }

    private static boolean validTime(String t) {
        return Integer.parseInt(t.substring(0, 2)) < 24 && (t.length() < 4 || Integer.parseInt(t.substring(2, 4)) < 60)
                && (t.length() < 6 || Integer.parseInt(t.substring(4, 6)) < 60);
    }

    /** A single value is a range from and to itself; "a-b", "a-", "-b" are ranges. */
    private static String[] range(String name, String value) {
        String v = value.strip();
        int dash = v.indexOf('-');
        if (dash < 0) {
            return new String[] {v, v};
        }
        if (v.indexOf('-', dash + 1) >= 0 || v.equals("-")) {
            throw WorkstationException.invalid(name + " '" + value + "' is not a value or a range (from-to, from-, -to)");
        }
        return new String[] {v.substring(0, dash), v.substring(dash + 1)};
    }
}
