package org.rdc.reports.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.rdc.reports.ReportException;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportContent;
import org.rdc.reports.model.ReportState;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.model.SignatureRole;
import org.rdc.reports.model.VersionKind;
import org.rdc.reports.template.FieldValues;
import org.rdc.reports.template.ReportTemplate;
import org.rdc.reports.template.Templates;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The report lifecycle: create (DRAFT, pre-filled), autosave, preliminary release (STAT), sign,
 * verify, finalize, and corrections or addenda after FINAL. Which action is legal in which state is
 * {@link ReportTransitions}' table alone; who may act comes from the task ({@link TaskGate}) for a
 * task's first version and from the version's author for a correction. Signing runs the
 * {@link SignStep} first and commits the new state with its document (and, on release, the
 * {@link ReleaseStep}'s delivery jobs) in one transaction.
 */
public final class Reports {

    private final ReportStore store;
    private final Templates templates;
    private final ReportPolicy policy;
    private final TaskGate tasks;
    private final Prefill prefill;
    private final SignStep signer;
    private final ReleaseStep release;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Reports(DataSource dataSource, Templates templates, ReportPolicy policy, TaskGate tasks, Prefill prefill, SignStep signer,
                   ReleaseStep release, Clock clock) {
        this.store = new ReportStore(dataSource);
        this.templates = templates;
        this.policy = policy;
        this.tasks = tasks;
        this.prefill = prefill;
        this.signer = signer;
        this.release = release;
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
    }

    public ReportStore store() {
        return store;
    }

    public Templates templates() {
        return templates;
    }

    public ReportPolicy policy() {
        return policy;
    }

    // ------------------------------------------------------------------ reading

    public Report report(long id) {
        return store.find(id).orElseThrow(() -> ReportException.notFound("no report " + id));
    }

    public Optional<Report> ofTask(long taskId) {
        return store.findByTask(taskId);
    }

    public ReportVersion latest(Report r) {
        return version(r, r.latestVersion());
    }

    public ReportVersion version(Report r, int number) {
        return store.version(r.id(), number).orElseThrow(() -> ReportException.notFound("report " + r.id() + " has no version " + number));
    }

    public ReportTemplate template(ReportVersion v) {
        return templates.find(v.templateId(), v.templateVersion()).orElseThrow(() -> new IllegalStateException(
                "template " + v.templateId() + "@" + v.templateVersion() + " of report " + v.reportId() + " is missing"));
    }

    /**
     * Whether the task's report allows completing the task: in the reading queue the author has
     * signed; in the countersign queue (or wherever a signature is still owed) it is FINAL.
     */
    public boolean signedForCompletion(long taskId, boolean countersignQueue) {
        return store.findByTask(taskId).map(r -> {
            ReportState s = latest(r).state();
            return countersignQueue ? s == ReportState.FINAL : s.signed();
        }).orElse(false);
    }

    // ------------------------------------------------------------------ writing

    /**
     * A new report for a task, by its holder: version 1, DRAFT, with the template chosen from the
     * study (or {@code templateOverride}), its default sections, the pre-filled fields and the
     * facility's result-sharing mark.
     */
    public Report create(Actor author, ReportSubject subject, String templateOverride) {
        tasks.requireHolder(subject.taskId(), author.username());
        ReportTemplate t = templates.choose(subject.serviceLine(), subject.modalities(), subject.studyDescription(), templateOverride);
        ObjectNode fields = prefill.values(subject.studyInstanceUid(), t);
        FieldValues.check(t, fields);
        ReportContent content = new ReportContent(t.defaults(), fields, false, null);
        Instant now = clock.instant();
        try {
            return tx.execute(s -> {
                long id = store.insertReport(subject, now);
                store.insertVersion(id, 1, VersionKind.ORIGINAL, null, null, t.id(), t.version(), content,
                        policy.of(subject.facilityId()).mark(), author, now);
                store.event(id, 1, now, author.username(), "CREATE", null, ReportState.DRAFT, "template " + t.ref());
                return store.find(id).orElseThrow();
            });
        } catch (DuplicateKeyException e) {
            Report existing = store.findByTask(subject.taskId()).or(() -> store.findByStudy(subject.studyInstanceUid()))
                    .orElseThrow(() -> e);
            throw ReportException.conflict("report-exists", "task " + subject.taskId() + " already has report " + existing.id());
        }
    }

    /** Autosave: the new content of the open version over the revision the editor had. */
    public ReportVersion save(Actor actor, long reportId, int baseRevision, ReportContent content) {
        Report r = report(reportId);
        ReportVersion v = latest(r);
        ReportTransitions.next(v.state(), ReportAction.SAVE, what(v));
        requireEditor(actor, r, v);
        ReportTemplate t = template(v);
        FieldValues.check(t, content.fields());
        checkCritical(r, content);
        return store.saveContent(v, baseRevision, content, actor.username(), clock.instant());
    }

    /** A STAT report released at once as preliminary ("初步报告，以正式报告为准"), signed by its author and delivered. */
    public ReportVersion releasePreliminary(Actor actor, long reportId) {
        Report r = report(reportId);
        ReportVersion v = latest(r);
        ReportState next = ReportTransitions.next(v.state(), ReportAction.RELEASE_PRELIMINARY, what(v));
        if (!r.stat()) {
            throw ReportException.conflict("not-stat", "report " + reportId + " is not for a STAT study; only STAT reports are released as preliminary");
        }
        requireEditor(actor, r, v);
        Instant now = clock.instant();
        ReportVersion after = with(v, next, Map.of("preliminary_at", now));
        ArchivedDocument doc = signer.sign(new SignStep.Signing(r, after, template(v), SignatureRole.PRELIMINARY, actor, now, Optional.empty()));
        return commit(r, v, ReportAction.RELEASE_PRELIMINARY, Map.of("preliminary_at", now), actor, doc, now, null);
    }

    /**
     * The author signs. The version needs a senior reader's countersignature when the facility's
     * policy says so for its line, when the author's account requires it, or when asked; otherwise
     * it is FINAL at once.
     */
    public ReportVersion sign(Actor author, long reportId, boolean requestVerification) {
        Report r = report(reportId);
        ReportVersion v = latest(r);
        ReportState next = ReportTransitions.next(v.state(), ReportAction.SIGN, what(v));
        requireEditor(author, r, v);
        ReportTemplate t = template(v);
        FieldValues.checkComplete(t, v.fields());
        checkCritical(r, content(v));
        boolean verification = requestVerification || author.requiresCountersign() || policy.requiresCountersign(r.facilityId(), r.serviceLine());
        Instant now = clock.instant();
        Map<String, Object> cols = new LinkedHashMap<>();
        cols.put("signed_at", now);
        cols.put("author", author.username());
        cols.put("author_name", author.printedName());
        cols.put("requires_verification", verification);
        cols.put("content_sha256", sha256(ReportStore.contentJson(content(v))));
        ReportVersion signed = with(v, next, cols);
        ArchivedDocument doc = signer.sign(new SignStep.Signing(r, signed, t, SignatureRole.AUTHOR, author, now, Optional.empty()));
        return commit(r, v, ReportAction.SIGN, cols, author, doc, now, verification ? null : "no countersignature required");
    }

    /**
     * A senior reader (not the author) countersigns the author's document; the version is then FINAL.
     * A REVISING version is countersigned by the senior who revised it: its document is made anew
     * from the revised content and names both, the reader as 报告医师 (with the time they signed the
     * version it follows) and the senior as 审核医师.
     */
    public ReportVersion verify(Actor verifier, long reportId) {
        Report r = report(reportId);
        ReportVersion v = latest(r);
        ReportState next = ReportTransitions.next(v.state(), ReportAction.VERIFY, what(v));
        if (!v.requiresVerification()) {
            throw ReportException.conflict("verification-not-required", what(v) + " needs no countersignature");
        }
        if (verifier.username().equals(v.author())) {
            throw ReportException.conflict("own-report", verifier.username() + " wrote " + what(v) + " and cannot countersign it");
        }
        if (v.state() == ReportState.REVISING) {
            return verifyRevision(verifier, r, v, next);
        }
        if (v.kind() == VersionKind.ORIGINAL) {
            tasks.requireHolder(r.taskId(), verifier.username());
        }
        Instant now = clock.instant();
        Map<String, Object> cols = new LinkedHashMap<>();
        cols.put("verified_at", now);
        cols.put("verifier", verifier.username());
        cols.put("verifier_name", verifier.printedName());
        ReportVersion verified = with(v, next, cols);
        ArchivedDocument authors = store.documents(r.id()).stream()
                .filter(d -> d.version() == v.number() && d.role() == SignatureRole.AUTHOR).findFirst()
                .orElseThrow(() -> new IllegalStateException(what(v) + " is SIGNED without the author's document"));
        ArchivedDocument doc = signer.sign(new SignStep.Signing(r, verified, template(v), SignatureRole.VERIFIER, verifier, now,
                Optional.of(authors)));
        return commit(r, v, ReportAction.VERIFY, cols, verifier, doc, now, null);
    }

    private ReportVersion verifyRevision(Actor verifier, Report r, ReportVersion v, ReportState next) {
        requireEditor(verifier, r, v);
        ReportTemplate t = template(v);
        FieldValues.checkComplete(t, v.fields());
        checkCritical(r, content(v));
        ReportVersion readers = version(r, v.follows());
        Instant now = clock.instant();
        Map<String, Object> cols = new LinkedHashMap<>();
        cols.put("signed_at", readers.signedAt());
        cols.put("content_sha256", sha256(ReportStore.contentJson(content(v))));
        cols.put("verified_at", now);
        cols.put("verifier", verifier.username());
        cols.put("verifier_name", verifier.printedName());
        ReportVersion verified = with(v, next, cols);
        ArchivedDocument doc = signer.sign(new SignStep.Signing(r, verified, t, SignatureRole.VERIFIER, verifier, now, Optional.empty()));
        return commit(r, v, ReportAction.VERIFY, cols, verifier, doc, now, "revised by the verifier from version " + v.follows());
    }

    /**
     * A senior reader holding the countersign task revises the signed version themselves instead of
     * returning it (审核修改): it stays as signed, the reader's own text, and is never released; the
     * next version, REVISING, starts from its content, is still the reader's report and is the
     * senior's alone to change and then countersign ({@link #verify}).
     */
    public ReportVersion revise(Actor senior, long reportId) {
        Report r = report(reportId);
        ReportVersion v = latest(r);
        ReportTransitions.next(v.state(), ReportAction.REVISE, what(v));
        if (!v.requiresVerification()) {
            throw ReportException.conflict("verification-not-required", what(v) + " needs no countersignature, so it is not revised");
        }
        if (senior.username().equals(v.author())) {
            throw ReportException.conflict("own-report", senior.username() + " wrote " + what(v) + " and cannot revise it as its verifier");
        }
        if (v.kind() == VersionKind.ORIGINAL) {
            tasks.requireHolder(r.taskId(), senior.username());
        }
        Instant now = clock.instant();
        int number = v.number() + 1;
        template(v);
        return tx.execute(s -> {
            if (!store.setVersions(r.id(), v.number(), number, null, now)) {
                throw ReportException.conflict("report-changed", "report " + reportId + " got a new version meanwhile; nothing was done");
            }
            store.event(r.id(), v.number(), now, senior.username(), ReportAction.REVISE.name(), v.state(), v.state(), null);
            ReportVersion created = store.insertRevision(v, number, senior, now);
            store.event(r.id(), number, now, senior.username(), "CREATE", null, ReportState.REVISING,
                    "the verifier's revision of signed version " + v.number());
            return created;
        });
    }

    /**
     * After FINAL: a correction (更正) or addendum (补充) as a new DRAFT version that names the
     * version it follows, with its content to start from; written and signed by {@code author}.
     */
    public ReportVersion amend(Actor author, long reportId, VersionKind kind, String reason) {
        if (kind == null || kind == VersionKind.ORIGINAL) {
            throw ReportException.invalid("version-kind", "a new version is a CORRECTION or an ADDENDUM");
        }
        if (reason == null || reason.isBlank()) {
            throw ReportException.invalid("reason-required", "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " needs a reason");
        }
        Report r = report(reportId);
        ReportVersion v = latest(r);
        ReportTransitions.next(v.state(), ReportAction.AMEND, what(v));
        Instant now = clock.instant();
        int number = v.number() + 1;
        ReportTemplate t = template(v);
        return tx.execute(s -> {
            if (!store.setVersions(r.id(), v.number(), number, null, now)) {
                throw ReportException.conflict("report-changed", "report " + reportId + " got a new version meanwhile; nothing was done");
            }
            ReportVersion created = store.insertVersion(r.id(), number, kind, v.number(), reason.trim(), t.id(), t.version(), content(v),
                    v.sharingMark(), author, now);
            store.event(r.id(), number, now, author.username(), kind.name(), null, ReportState.DRAFT,
                    "follows version " + v.number() + ": " + reason.trim());
            return created;
        });
    }

    /**
     * A senior reader holding the countersign task sends a signed version back to its reader. It stays as signed
     * (a signed version never changes) and is never released; a new DRAFT version following it, with its content
     * and the reason, is what the reader changes and signs again.
     */
    public ReportVersion returnForRevision(Actor verifier, long reportId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ReportException.invalid("reason-required", "returning a report needs what must change");
        }
        Report r = report(reportId);
        ReportVersion v = latest(r);
        ReportTransitions.next(v.state(), ReportAction.RETURN, what(v));
        if (!v.requiresVerification()) {
            throw ReportException.conflict("verification-not-required", what(v) + " needs no countersignature, so it is not returned");
        }
        if (verifier.username().equals(v.author())) {
            throw ReportException.conflict("own-report", verifier.username() + " wrote " + what(v) + " and cannot return it");
        }
        tasks.requireHolder(r.taskId(), verifier.username());
        Instant now = clock.instant();
        int number = v.number() + 1;
        ReportTemplate t = template(v);
        String why = reason.trim();
        return tx.execute(s -> {
            if (!store.setVersions(r.id(), v.number(), number, null, now)) {
                throw ReportException.conflict("report-changed", "report " + reportId + " got a new version meanwhile; nothing was done");
            }
            store.event(r.id(), v.number(), now, verifier.username(), ReportAction.RETURN.name(), v.state(), v.state(), why);
            ReportVersion created = store.insertVersion(r.id(), number, v.kind(), v.number(), why, t.id(), t.version(), content(v),
                    v.sharingMark(), new Actor(v.author(), v.authorName(), false), now);
            store.event(r.id(), number, now, verifier.username(), "CREATE", null, ReportState.DRAFT,
                    "follows returned version " + v.number() + ": " + why);
            return created;
        });
    }

    // ------------------------------------------------------------------ steps

    /**
     * Commits a signing step: the transition, its history row and document; a preliminary release
     * is delivered at once; a version that needs no (more) signatures is FINAL in the same
     * transaction, becomes the current one and is delivered.
     */
    private ReportVersion commit(Report r, ReportVersion v, ReportAction action, Map<String, Object> cols, Actor actor,
                                 ArchivedDocument doc, Instant now, String finalizeNote) {
        return tx.execute(s -> {
            ReportState next = store.transition(v, action, cols, now);
            if (next == null) {
                throw ReportException.conflict("report-changed", what(v) + " changed meanwhile (saved or signed elsewhere); nothing was done");
            }
            store.event(r.id(), v.number(), now, actor.username(), action.name(), v.state(), next, null);
            store.document(r.id(), doc);
            ReportVersion after = store.version(r.id(), v.number()).orElseThrow();
            if (next == ReportState.PRELIMINARY) {
                release.released(r, after, doc);
            }
            boolean finalNow = next == ReportState.VERIFIED || (next == ReportState.SIGNED && !after.requiresVerification());
            if (finalNow) {
                ReportState fin = store.transition(after, ReportAction.FINALIZE, Map.of("final_at", now), now);
                if (fin == null) {
                    throw new IllegalStateException(what(after) + " changed inside its own transaction");
                }
                store.event(r.id(), v.number(), now, actor.username(), ReportAction.FINALIZE.name(), after.state(), fin, finalizeNote);
                if (!store.setVersions(r.id(), r.latestVersion(), r.latestVersion(), v.number(), now)) {
                    throw ReportException.conflict("report-changed", "report " + r.id() + " got a new version meanwhile; nothing was done");
                }
                after = store.version(r.id(), v.number()).orElseThrow();
                release.released(store.find(r.id()).orElseThrow(), after, doc);
            }
            return after;
        });
    }

    private void requireEditor(Actor actor, Report r, ReportVersion v) {
        if (v.state() == ReportState.REVISING) {
            // the senior who revises it, and (as for any countersignature of a first report) while holding the task
            if (!actor.username().equals(v.verifier())) {
                throw ReportException.conflict("not-reviser", what(v) + " is " + v.verifier() + "'s revision; only they edit and countersign it");
            }
            if (v.kind() == VersionKind.ORIGINAL) {
                tasks.requireHolder(r.taskId(), actor.username());
            }
        } else if (v.kind() == VersionKind.ORIGINAL) {
            tasks.requireHolder(r.taskId(), actor.username());
        } else if (!actor.username().equals(v.author())) {
            throw ReportException.conflict("not-author", what(v) + " is " + v.author() + "'s " + v.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "; only they edit and sign it");
        }
    }

    private void checkCritical(Report r, ReportContent c) {
        if (c.criticalCategory() != null && !c.critical()) {
            throw ReportException.invalid("critical-category", "a critical category is given but the report is not flagged critical");
        }
        if (c.critical()) {
            List<String> codes = policy.criticalCategories(r.serviceLine()).stream().map(org.rdc.reports.template.Choice::code).toList();
            if (c.criticalCategory() == null || !codes.contains(c.criticalCategory())) {
                throw ReportException.invalid("critical-category", "a critical result (危急值) needs its category, one of " + codes
                        + " for " + r.serviceLine() + "; got " + c.criticalCategory());
            }
        }
    }

    public static ReportContent content(ReportVersion v) {
        return new ReportContent(v.sections(), v.fields(), v.critical(), v.criticalCategory());
    }

    /** The version as it will read after a transition, for the document the sign step makes. */
    private static ReportVersion with(ReportVersion v, ReportState state, Map<String, Object> c) {
        return new ReportVersion(v.id(), v.reportId(), v.number(), v.kind(), v.follows(), v.reason(), state, v.templateId(),
                v.templateVersion(), v.sections(), v.fields(), v.critical(), v.criticalCategory(), v.sharingMark(), v.draftRevision(),
                (String) c.getOrDefault("author", v.author()), (String) c.getOrDefault("author_name", v.authorName()),
                (Boolean) c.getOrDefault("requires_verification", v.requiresVerification()),
                (String) c.getOrDefault("verifier", v.verifier()), (String) c.getOrDefault("verifier_name", v.verifierName()),
                (Instant) c.getOrDefault("preliminary_at", v.preliminaryAt()), (Instant) c.getOrDefault("signed_at", v.signedAt()),
                (Instant) c.getOrDefault("verified_at", v.verifiedAt()), v.finalAt(),
                (String) c.getOrDefault("content_sha256", v.contentSha256()), v.createdAt(), v.updatedAt());
    }

    private static String what(ReportVersion v) {
        return "version " + v.number() + " of report " + v.reportId();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
