package org.rdc.reports.lifecycle;

import java.time.Instant;
import java.util.Optional;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.model.SignatureRole;
import org.rdc.reports.template.ReportTemplate;

/**
 * Turns a version into its stored document: render the PDF, sign it (the verifier countersigns
 * {@code previous}, the author's document, as an incremental update), and archive PDF and JSON
 * under content-addressed keys. Runs before the state change is committed; what it stores is
 * addressed by content, so a retry or a lost race leaves nothing inconsistent behind.
 */
@FunctionalInterface
public interface SignStep {

    ArchivedDocument sign(Signing request);

    /** {@code version} as it will be stored after this step (signer names and times set). */
    record Signing(Report report, ReportVersion version, ReportTemplate template, SignatureRole role, Actor signer, Instant at,
                   Optional<ArchivedDocument> previous) {
    }
}
