package org.rdc.workstation.dicomweb;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.SpecificCharacterSet;
import org.rdc.dicom.object.DataSet;
import org.rdc.storage.catalog.InstanceMatch;
import org.rdc.storage.catalog.SeriesMatch;
import org.rdc.storage.catalog.StudyMatch;
import org.rdc.workstation.dicomweb.QidoQuery.Level;

/**
 * The attributes a QIDO-RS result carries (PS3.18 10.6.3.3): the level's required ones (Tables
 * 10.6.3-3, -4, -5), those asked for by includefield or used as keys, and with {@code includefield=all}
 * every one the catalog holds. A result of a search for series or instances across studies
 * ({@code /series}, {@code /instances}) also carries the study's (and series') attributes. Attributes
 * the catalog does not keep (Referring Physician's Name, Study ID) are returned empty, as a type 2
 * attribute whose value is unknown; others asked for that it does not keep are left out.
 */
final class QidoAttributes {

    private QidoAttributes() {
    }

    /** What one result is made of: a study, a series with its study, or an instance with its series. */
    record Result(StudyMatch study, SeriesMatch series, InstanceMatch instance) {
        static Result of(StudyMatch s) {
            return new Result(s, null, null);
        }

        static Result of(SeriesMatch s) {
            return new Result(s.study(), s, null);
        }

        static Result of(InstanceMatch i) {
            return new Result(i.series().study(), i.series(), i);
        }
    }

    /** {@code level}: where the value comes from; {@code requiredAt}: the levels whose results always carry it. */
    private record Attribute(int tag, VR vr, Level level, Set<Level> requiredAt, Function<Result, Object> value) {
    }

    private static final Set<Level> NONE = EnumSet.noneOf(Level.class);
    private static final Set<Level> STUDY = EnumSet.of(Level.STUDY);
    private static final Set<Level> SERIES = EnumSet.of(Level.SERIES);
    private static final Set<Level> INSTANCE = EnumSet.of(Level.INSTANCE);

    static final int RETRIEVE_URL = 0x00081190;
    private static final int INSTANCE_AVAILABILITY = 0x00080056;
    private static final int NUMBER_OF_STUDY_RELATED_SERIES = 0x00201206;
    private static final int NUMBER_OF_STUDY_RELATED_INSTANCES = 0x00201208;
    private static final int NUMBER_OF_SERIES_RELATED_INSTANCES = 0x00201209;
    private static final int AVAILABLE_TRANSFER_SYNTAX_UID = 0x00083002;

    /** Everything a result can carry except the Retrieve URL, in no particular order (the data set sorts by tag). */
    private static final List<Attribute> ATTRIBUTES = List.of(
            new Attribute(Tag.StudyDate, VR.DA, Level.STUDY, STUDY, r -> r.study().studyDate()),
            new Attribute(Tag.StudyTime, VR.TM, Level.STUDY, STUDY, r -> r.study().studyTime()),
            new Attribute(Tag.AccessionNumber, VR.SH, Level.STUDY, STUDY, r -> r.study().accessionNumber()),
            new Attribute(QidoQuery.MODALITIES_IN_STUDY, VR.CS, Level.STUDY, STUDY, r -> r.study().modalitiesInStudy()),
            new Attribute(Tag.ReferringPhysicianName, VR.PN, Level.STUDY, STUDY, r -> ""),
            new Attribute(Tag.StudyDescription, VR.LO, Level.STUDY, NONE, r -> r.study().studyDescription()),
            new Attribute(Tag.PatientName, VR.PN, Level.STUDY, STUDY, r -> r.study().patientName()),
            new Attribute(Tag.PatientID, VR.LO, Level.STUDY, STUDY, r -> r.study().patientId()),
            new Attribute(QidoQuery.ISSUER_OF_PATIENT_ID, VR.LO, Level.STUDY, NONE, r -> r.study().issuerOfPatientId()),
            new Attribute(Tag.PatientBirthDate, VR.DA, Level.STUDY, STUDY, r -> r.study().patientBirthDate()),
            new Attribute(Tag.PatientSex, VR.CS, Level.STUDY, STUDY, r -> r.study().patientSex()),
            new Attribute(Tag.StudyInstanceUID, VR.UI, Level.STUDY, EnumSet.allOf(Level.class), r -> r.study().studyInstanceUid()),
            new Attribute(Tag.StudyID, VR.SH, Level.STUDY, STUDY, r -> ""),
            new Attribute(NUMBER_OF_STUDY_RELATED_SERIES, VR.IS, Level.STUDY, STUDY, r -> r.study().seriesCount()),
            new Attribute(NUMBER_OF_STUDY_RELATED_INSTANCES, VR.IS, Level.STUDY, STUDY, r -> r.study().instanceCount()),
            new Attribute(Tag.Modality, VR.CS, Level.SERIES, SERIES, r -> r.series().modality()),
            new Attribute(Tag.SeriesDescription, VR.LO, Level.SERIES, SERIES, r -> r.series().seriesDescription()),
            new Attribute(Tag.BodyPartExamined, VR.CS, Level.SERIES, NONE, r -> r.series().bodyPartExamined()),
            new Attribute(Tag.SeriesInstanceUID, VR.UI, Level.SERIES, EnumSet.of(Level.SERIES, Level.INSTANCE), r -> r.series().seriesInstanceUid()),
            new Attribute(Tag.SeriesNumber, VR.IS, Level.SERIES, SERIES, r -> r.series().seriesNumber()),
            new Attribute(NUMBER_OF_SERIES_RELATED_INSTANCES, VR.IS, Level.SERIES, SERIES, r -> r.series().instanceCount()),
            new Attribute(Tag.SOPClassUID, VR.UI, Level.INSTANCE, INSTANCE, r -> r.instance().sopClassUid()),
            new Attribute(Tag.SOPInstanceUID, VR.UI, Level.INSTANCE, INSTANCE, r -> r.instance().sopInstanceUid()),
            new Attribute(Tag.InstanceNumber, VR.IS, Level.INSTANCE, INSTANCE, r -> r.instance().instanceNumber()),
            new Attribute(AVAILABLE_TRANSFER_SYNTAX_UID, VR.UI, Level.INSTANCE, NONE, r -> r.instance().transferSyntaxUid()),
            // every instance is on line: in the spool or the object store (PS3.3 C.4.23.1.1 Instance Availability)
            new Attribute(INSTANCE_AVAILABILITY, VR.CS, Level.STUDY, EnumSet.of(Level.STUDY, Level.INSTANCE), r -> "ONLINE"));

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * The result as a data set. {@code withUpperLevels}: a search across studies (or series), whose
     * results also carry their study's (and series') required attributes (PS3.18 10.6.3.3.2, 10.6.3.3.3).
     */
    static DataSet dataSet(Result r, QidoQuery q, boolean withUpperLevels, String root) {
        DataSet ds = new DataSet();
        ds.setFallbackCharacterSet(SpecificCharacterSet.UTF_8);
        for (Attribute a : ATTRIBUTES) {
            if (a.level().compareTo(q.level) > 0) {
                continue;
            }
            boolean wanted = q.includeAll || q.included.contains(a.tag()) || a.requiredAt().contains(q.level)
                    || (withUpperLevels && a.requiredAt().contains(a.level()));
            if (wanted) {
                put(ds, a, a.value().apply(r));
            }
        }
        ds.setString(RETRIEVE_URL, VR.UR, retrieveUrl(r, q.level, root));
        return ds;
    }

    /** The WADO-RS URL of the result's study, series or instance (PS3.18 10.4.1). */
    static String retrieveUrl(Result r, Level level, String root) {
        String study = root + "/studies/" + r.study().studyInstanceUid();
        return switch (level) {
            case STUDY -> study;
            case SERIES -> study + "/series/" + r.series().seriesInstanceUid();
            case INSTANCE -> study + "/series/" + r.series().seriesInstanceUid() + "/instances/" + r.instance().sopInstanceUid();
        };
    }

    private static void put(DataSet ds, Attribute a, Object value) {
        if (value == null) {
            ds.setString(a.tag(), a.vr(), "");
        } else if (value instanceof LocalDate d) {
            ds.setString(a.tag(), a.vr(), d.format(DA));
        } else if (value instanceof Integer n) {
            ds.setInt(a.tag(), a.vr(), n);
        } else if (value instanceof List<?> list) {
            ds.setString(a.tag(), a.vr(), list.stream().map(Object::toString).toArray(String[]::new));
        } else {
            ds.setString(a.tag(), a.vr(), value.toString());
        }
    }
}
