package org.rdc.reports.lifecycle;

import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportVersion;

/**
 * A version was released to its facility (preliminary or FINAL): enqueue its delivery, raise its critical
 * value. Called
 * inside the transaction that records the release, so the outbox job and the state commit together.
 */
@FunctionalInterface
public interface ReleaseStep {

    void released(Report report, ReportVersion version, ArchivedDocument document);

    ReleaseStep NONE = (r, v, d) -> { };

    /** This step, then {@code next}, in the same transaction. */
    default ReleaseStep andThen(ReleaseStep next) {
        return (r, v, d) -> {
            released(r, v, d);
            next.released(r, v, d);
        };
    }
}
