package org.rdc.workstation.report;

import java.util.List;
import org.rdc.reports.ReportException;
import org.rdc.reports.lifecycle.Actor;
import org.rdc.reports.lifecycle.ReportPolicy;
import org.rdc.reports.lifecycle.Reports;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportState;
import org.rdc.reports.model.ReportVersion;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Role;
import org.rdc.workstation.security.UserAccount;
import org.rdc.workstation.security.UserStore;
import org.rdc.workstation.worklist.ServiceLine;

/**
 * Who sees which report. Administrators every one; readers those of their service lines, drafts
 * included. A facility user sees what was released of its own facility's reports, and the FINAL
 * versions of another alliance facility's reports when that facility's policy shares them
 * ({@code share=ALLIANCE}) and the report's patient is the same person as one of its own (the
 * catalog's priors across the alliance: the same patient, resident ID or administrator's link).
 * Anything else is "not found", so a report's existence does not leak.
 */
public final class ReportAccess {

    private final Reports reports;
    private final Catalog catalog;
    private final UserStore users;

    public ReportAccess(Reports reports, Catalog catalog, UserStore users) {
        this.reports = reports;
        this.catalog = catalog;
        this.users = users;
    }

    /** The caller as the report library records and prints them. */
    public Actor actor(Caller c) {
        String name = users.find(c.username()).map(UserAccount::displayName).orElse(null);
        return new Actor(c.username(), name, c.requiresCountersign());
    }

    public Report visible(Caller c, long reportId) {
        Report r = reports.store().find(reportId).orElseThrow(() -> ReportException.notFound("no report " + reportId));
        if (!canSee(c, r)) {
            throw ReportException.notFound("no report " + reportId);
        }
        return r;
    }

    public boolean canSee(Caller c, Report r) {
        if (c.seesEverything()) {
            return true;
        }
        if (c.facilityScoped()) {
            if (c.facilityId() == null) {
                return false;
            }
            if (c.facilityId().equals(r.facilityId())) {
                return released(r);
            }
            return r.currentVersion() != null && sharedWith(c.facilityId(), r);
        }
        return c.isStaff() && c.serviceLines().contains(ServiceLine.valueOf(r.serviceLine()));
    }

    /** Sees drafts, history and unreleased versions: the centre's staff and administrators. */
    public boolean seesWork(Caller c) {
        return c.seesEverything() || !c.facilityScoped();
    }

    /** The versions the caller may see, oldest first. */
    public List<ReportVersion> versions(Caller c, Report r) {
        List<ReportVersion> all = reports.store().versions(r.id());
        if (seesWork(c)) {
            return all;
        }
        boolean own = c.facilityId().equals(r.facilityId());
        return all.stream().filter(v -> v.state() == ReportState.FINAL || (own && v.preliminaryAt() != null)).toList();
    }

    /** Reads staff of the report's line (or administrators) may write to it; others are refused. */
    public void requireStaff(Caller c, Report r, Role... roles) {
        boolean role = roles.length == 0 ? c.isStaff() : java.util.Arrays.stream(roles).anyMatch(c::has);
        if (!role || !c.serviceLines().contains(ServiceLine.valueOf(r.serviceLine()))) {
            throw WorkstationException.forbidden(c.username() + " may not do this to a " + r.serviceLine() + " report");
        }
    }

    private boolean released(Report r) {
        return r.currentVersion() != null || reports.store().versions(r.id()).stream().anyMatch(v -> v.preliminaryAt() != null);
    }

    private boolean sharedWith(String facilityId, Report r) {
        if (reports.policy().of(r.facilityId()).sharing() != ReportPolicy.Sharing.ALLIANCE) {
            return false;
        }
        return catalog.priors(r.studyInstanceUid(), CatalogScope.alliance()).stream().anyMatch(s -> facilityId.equals(s.facilityId()));
    }
}
