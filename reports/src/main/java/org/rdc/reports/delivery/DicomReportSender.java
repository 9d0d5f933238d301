package org.rdc.reports.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.iod.EncapsulatedPdf;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.gateway.ul.Association.PresentationContext;

/**
 * A report as a DICOM Encapsulated PDF (PS3.3 A.45.1) in the study it reports on, in a series of
 * its own, sent by C-STORE (PS3.4 B.2) to the facility's report AE. The SOP Instance and Series
 * Instance UIDs were chosen when the delivery was enqueued, so a repeated attempt sends the same
 * instance and the receiver stores it once (PS3.4 B.4.1: an SCP keeps one instance per SOP
 * Instance UID).
 */
final class DicomReportSender implements ChannelSender {

    /** Series Number of report series: far above the device's own series. */
    static final int SERIES_NUMBER_BASE = 9000;

    private final String callingAe;
    private final ZoneId zone;
    private final Duration timeout;

    /**
     * @param callingAe the centre's AE title
     * @param zone      the time zone of DICOM dates and times (DA/TM are local, PS3.5 6.2)
     */
    DicomReportSender(String callingAe, ZoneId zone, Duration timeout) {
        this.callingAe = callingAe;
        this.zone = zone;
        this.timeout = timeout;
    }

    @Override
    public void send(Attempt a) throws Exception {
        Destination d = a.destination();
        DataSet instance = instance(a);
        DicomClient.Request rq = DicomClient.request(d.host(), d.port(), d.aeTitle()).callingAe(callingAe)
                .context(EncapsulatedPdf.SOP_CLASS_UID, List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()))
                .connectTimeout(timeout).dimseTimeout(timeout);
        try (DicomClient c = DicomClient.open(rq)) {
            PresentationContext pc = c.context(EncapsulatedPdf.SOP_CLASS_UID, null);
            if (pc == null) {
                throw new RefusedForGood(d.aeTitle() + " does not accept Encapsulated PDF Storage");
            }
            TransferSyntax syntax = pc.transferSyntax().equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())
                    ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(a.pdf().length + 4096);
            new DataSetWriter(syntax).write(instance, bytes);
            int status = c.store(EncapsulatedPdf.SOP_CLASS_UID, a.delivery().key(), syntax.uid(),
                    new ByteArrayInputStream(bytes.toByteArray())).getInt(Dimse.Status, -1);
            checkStatus(status, d);
        }
    }

    /**
     * PS3.4 B.2.3: 0000 success and Bxxx warnings (coerced, elements discarded) mean stored; A7xx (out
     * of resources) may pass; A9xx (does not match the SOP class) and Cxxx (cannot understand) will
     * not, whatever we resend.
     */
    static void checkStatus(int status, Destination d) throws Exception {
        if (status == 0 || (status & 0xF000) == 0xB000) {
            return;
        }
        String what = String.format("C-STORE to %s: status 0x%04X", d.address(), status);
        if ((status & 0xFF00) == 0xA900 || (status & 0xF000) == 0xC000) {
            throw new RefusedForGood(what + " (the receiver refuses the object itself)");
        }
        throw new IOException(what);
    }

    /** The instance: patient and study as the report names them, series and instance UIDs as recorded. */
    DataSet instance(Attempt a) {
        DeliverableReport r = a.report();
        DataSet study = new DataSet();
        study.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        study.setString(Tag.PatientName, VR.PN, r.patient().name() == null ? "" : r.patient().name());
        study.setString(Tag.PatientID, VR.LO, r.patient().id());
        study.setString(Tag.PatientBirthDate, VR.DA, r.patient().birthDate() == null ? "" : r.patient().birthDate().format(DA));
        study.setString(Tag.PatientSex, VR.CS, r.patient().sex() == null ? "" : r.patient().sex());
        study.setString(Tag.StudyInstanceUID, VR.UI, r.studyInstanceUid());
        if (r.examinedAt() != null) {
            LocalDateTime examined = LocalDateTime.ofInstant(r.examinedAt(), zone);
            study.setString(Tag.StudyDate, VR.DA, examined.format(DA));
            study.setString(Tag.StudyTime, VR.TM, examined.format(TM));
        }
        study.setString(Tag.AccessionNumber, VR.SH, r.accessionNumber() == null ? "" : r.accessionNumber());
        String title = (r.examination() == null ? "" : r.examination() + " ") + "诊断报告";
        DataSet ds = EncapsulatedPdf.create(study, a.pdf(), title, LocalDateTime.ofInstant(r.signedAt(), zone));
        ds.setString(Tag.SOPInstanceUID, VR.UI, a.delivery().key());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, a.seriesUid());
        ds.setString(Tag.SeriesNumber, VR.IS, Integer.toString(SERIES_NUMBER_BASE + r.version()));
        ds.setString(Tag.SeriesDescription, VR.LO, "Report " + r.reportId() + " v" + r.version() + " " + r.status().fhir());
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(r.version()));
        return ds;
    }

    private static final java.time.format.DateTimeFormatter DA = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final java.time.format.DateTimeFormatter TM = java.time.format.DateTimeFormatter.ofPattern("HHmmss");
}
