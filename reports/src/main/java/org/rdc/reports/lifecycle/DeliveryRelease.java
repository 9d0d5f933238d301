package org.rdc.reports.lifecycle;

import java.time.ZoneId;
import org.rdc.reports.delivery.DeliverableReport;
import org.rdc.reports.delivery.ReportDelivery;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportState;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.model.SignatureRole;
import org.rdc.reports.template.Templates;

/**
 * A released version goes back to its facility through the delivery outbox, in the releasing
 * transaction. Delivery numbers what it sends by release: a STAT report's preliminary release and
 * its FINAL version are two releases of one report version, so the delivery version is the count
 * of releases so far (preliminary documents plus FINAL versions), which never repeats.
 */
public final class DeliveryRelease implements ReleaseStep {

    private final ReportDelivery delivery;
    private final ReportStore store;
    private final Templates templates;
    private final ZoneId zone;

    public DeliveryRelease(ReportDelivery delivery, ReportStore store, Templates templates, ZoneId zone) {
        this.delivery = delivery;
        this.store = store;
        this.templates = templates;
        this.zone = zone;
    }

    @Override
    public void released(Report r, ReportVersion v, ArchivedDocument d) {
        long releases = store.documents(r.id()).stream().filter(x -> x.role() == SignatureRole.PRELIMINARY).count()
                + store.versions(r.id()).stream().filter(x -> x.state() == ReportState.FINAL).count();
        DeliverableReport.Status status = v.state() == ReportState.PRELIMINARY ? DeliverableReport.Status.PRELIMINARY
                : switch (v.kind()) {
                    case ORIGINAL -> DeliverableReport.Status.FINAL;
                    case CORRECTION -> DeliverableReport.Status.CORRECTED;
                    case ADDENDUM -> DeliverableReport.Status.AMENDED;
                };
        String examination = templates.find(v.templateId(), v.templateVersion()).map(t -> t.nameZh()).orElse(r.studyDescription());
        java.time.Instant signedAt = v.verifiedAt() != null ? v.verifiedAt() : v.signedAt() != null ? v.signedAt() : v.preliminaryAt();
        delivery.enqueue(new DeliverableReport(String.valueOf(r.id()), (int) releases, status, r.facilityId(), r.studyInstanceUid(),
                r.accessionNumber(), new DeliverableReport.Patient(r.patientId() == null ? "" : r.patientId(), r.patientName(),
                r.patientSex(), r.patientBirthDate()), examination, r.serviceLine(), v.sections().findings(), v.sections().impression(),
                v.sections().recommendation().isBlank() ? null : v.sections().recommendation(), v.critical(),
                new DeliverableReport.Person(v.author(), v.authorName()),
                v.verifier() == null ? null : new DeliverableReport.Person(v.verifier(), v.verifierName()),
                r.studyDate() == null ? null : r.studyDate().atStartOfDay(zone).toInstant(), signedAt, d.pdfKey(), d.pdfSha256()));
    }
}
