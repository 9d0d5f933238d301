package org.rdc.reports.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.rdc.reports.ReportException;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.template.Templates;
import org.rdc.storage.MutableClock;
import org.rdc.storage.catalog.Catalog;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lifecycle on a real database with the edges it does not own replaced by recorders: the
 * task's holders (what the worklist decides), the sign step (PDF, signatures, archive) and the
 * release step (delivery).
 */
public final class ReportsFixture {

    public final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    public final Map<Long, String> holders = new HashMap<>();
    final List<SignStep.Signing> signings = new ArrayList<>();
    final List<ReportVersion> released = new ArrayList<>();
    final Templates templates;
    public final Reports reports;

    ReportsFixture(DataSource ds, ReportPolicy policy) {
        this(ds, policy, ReleaseStep.NONE);
    }

    /** @param alsoOnRelease a release step of the real application that runs after the recorder (critical values) */
    public ReportsFixture(DataSource ds, ReportPolicy policy, ReleaseStep alsoOnRelease) {
        Catalog.migrate(ds);
        templates = new Templates(ds, clock);
        TaskGate gate = (taskId, user) -> {
            if (!user.equals(holders.get(taskId))) {
                throw ReportException.conflict("not-task-holder", "task " + taskId + " is not held by " + user);
            }
        };
        Prefill prefill = (study, t) -> JsonMapper.builder().build().createObjectNode();
        SignStep signer = s -> {
            signings.add(s);
            String sha = Integer.toHexString(signings.size()).repeat(64).substring(0, 64);
            return new ArchivedDocument(s.version().number(), s.role(), "reports/pdf/" + sha, sha, 1000, "reports/json/" + sha, sha,
                    "CODE" + signings.size(), s.signer().username(), s.at());
        };
        ReleaseStep recorder = (r, v, d) -> released.add(v);
        ReleaseStep release = recorder.andThen(alsoOnRelease);
        reports = new Reports(ds, templates, policy, gate, prefill, signer, release, clock);
    }

    public static ReportSubject subject(long task, String study, String facility, String line, boolean stat, String modality, String description) {
        return new ReportSubject(task, study, facility, line, stat, "P" + task, "王^五", "M", LocalDate.of(1960, 2, 3), "ACC" + task,
                LocalDate.of(2026, 12, 3), description, List.of(modality));
    }
}
