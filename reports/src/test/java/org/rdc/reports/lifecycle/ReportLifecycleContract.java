package org.rdc.reports.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdc.reports.ReportException;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportContent;
import org.rdc.reports.model.ReportState;
import org.rdc.reports.model.ReportVersion;
import org.rdc.reports.model.Sections;
import org.rdc.reports.model.SignatureRole;
import org.rdc.reports.model.VersionKind;
import org.rdc.reports.verification.IssuedDocument;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The report lifecycle, run against H2 and PostgreSQL by the subclasses. */
abstract class ReportLifecycleContract {

    protected abstract DataSource freshDatabase();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Actor li = new Actor("li.radiology", "李医生", false);
    private final Actor wang = new Actor("wang.radiology", "王医生", false);
    private final Actor chen = new Actor("chen.senior", "陈主任", false);
    private final Actor trainee = new Actor("zhou.trainee", "周医生", true);

    private DataSource ds;
    private ReportsFixture f;

    @BeforeEach
    void setUp() {
        ds = freshDatabase();
        f = new ReportsFixture(ds, ReportPolicy.parse("th01:countersign=ULTRASOUND,share=ALLIANCE,mark=HR"));
    }

    private static ObjectNode fields(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    private static String code(Runnable r) {
        try {
            r.run();
        } catch (ReportException e) {
            return e.kind() + " " + e.code();
        }
        throw new AssertionError("expected a refusal");
    }

    private Report chestReport(long task, Actor by) {
        f.holders.put(task, by.username());
        return f.reports.create(by, ReportsFixture.subject(task, "1.2.3." + task, "demo", "RADIOLOGY", false, "DX", "胸部正位"), null);
    }

    private ReportContent chest(String findings) {
        return new ReportContent(new Sections(findings, "心肺膈未见明显异常。", ""),
                fields("{\"projection\":\"PA\",\"imageQuality\":\"GOOD\",\"cardiothoracicRatio\":0.45}"), false, null);
    }

    @Test
    void draftIsSavedAsTheReaderTypesThenSignedAndFinalWithItsDocument() {
        Report r = chestReport(1, li);
        ReportVersion v1 = f.reports.latest(r);
        assertThat(v1.state()).isEqualTo(ReportState.DRAFT);
        assertThat(v1.templateId()).isEqualTo("dr-chest-pa");
        assertThat(v1.templateVersion()).isEqualTo(1);
        assertThat(v1.sections().findings()).startsWith("胸廓对称"); // the template's default text
        assertThat(v1.draftRevision()).isZero();

        ReportVersion s1 = f.reports.save(li, r.id(), 0, chest("双肺纹理清晰。"));
        f.clock.advance(Duration.ofSeconds(5));
        ReportVersion s2 = f.reports.save(li, r.id(), 1, chest("双肺纹理清晰，未见实变。"));
        assertThat(s1.draftRevision()).isEqualTo(1);
        assertThat(s2.draftRevision()).isEqualTo(2);
        assertThat(f.reports.store().draftRevisions(s2.id())).extracting(ReportStore.DraftRevision::revision).containsExactly(1, 2);
        // an editor that still had revision 1 (another tab) does not overwrite revision 2
        assertThat(code(() -> f.reports.save(li, r.id(), 1, chest("旧内容")))).isEqualTo("CONFLICT draft-stale");
        // only the claimant of the task edits
        assertThat(code(() -> f.reports.save(wang, r.id(), 2, chest("别人的内容")))).isEqualTo("CONFLICT not-task-holder");

        ReportVersion signed = f.reports.sign(li, r.id(), false);
        assertThat(signed.state()).isEqualTo(ReportState.FINAL); // demo: no countersignature required
        assertThat(signed.author()).isEqualTo("li.radiology");
        assertThat(signed.authorName()).isEqualTo("李医生");
        assertThat(signed.signedAt()).isEqualTo(f.clock.instant());
        assertThat(signed.finalAt()).isEqualTo(f.clock.instant());
        assertThat(signed.contentSha256()).hasSize(64);
        assertThat(signed.sections().findings()).isEqualTo("双肺纹理清晰，未见实变。");
        assertThat(f.signings).singleElement().satisfies(s -> {
            assertThat(s.role()).isEqualTo(SignatureRole.AUTHOR);
            assertThat(s.version().state()).isEqualTo(ReportState.SIGNED);
            assertThat(s.version().sections().findings()).isEqualTo("双肺纹理清晰，未见实变。");
            assertThat(s.previous()).isEmpty();
        });
        assertThat(f.released).singleElement().satisfies(v -> assertThat(v.state()).isEqualTo(ReportState.FINAL));
        Report after = f.reports.report(r.id());
        assertThat(after.currentVersion()).isEqualTo(1);
        assertThat(f.reports.store().documents(r.id())).singleElement().satisfies(d -> assertThat(d.role()).isEqualTo(SignatureRole.AUTHOR));
        assertThat(f.reports.store().events(r.id())).extracting(e -> e.event() + ":" + e.to())
                .containsExactly("CREATE:DRAFT", "SIGN:SIGNED", "FINALIZE:FINAL");
        assertThat(f.reports.signedForCompletion(1, false)).isTrue();

        // a FINAL version never changes, nor is it signed twice
        assertThat(code(() -> f.reports.save(li, r.id(), 2, chest("改")))).isEqualTo("CONFLICT version-final");
        assertThat(code(() -> f.reports.sign(li, r.id(), false))).isEqualTo("CONFLICT version-final");
        assertThat(code(() -> f.reports.verify(chen, r.id()))).isEqualTo("CONFLICT version-final");
    }

    @Test
    void aSignedVersionCannotBeChangedThroughTheStoreEither() {
        Report r = chestReport(2, li);
        f.reports.save(li, r.id(), 0, chest("原文。"));
        ReportVersion signed = f.reports.sign(li, r.id(), false);
        // straight at the store, with the right revision: the state in the WHERE clause refuses it
        assertThatThrownBy(() -> f.reports.store().saveContent(signed, signed.draftRevision(), chest("篡改。"), "li.radiology", f.clock.instant()))
                .isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.code()).isEqualTo("version-signed"));
        assertThat(JdbcClient.create(ds).sql("SELECT findings FROM report_version WHERE id = ?").param(signed.id()).query(String.class).single())
                .isEqualTo("原文。");
        // nor through a transition: the table refuses it, and a transition never writes content
        assertThatThrownBy(() -> f.reports.store().transition(signed, ReportAction.SAVE, java.util.Map.of(), f.clock.instant()))
                .isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.code()).isEqualTo("version-final"));
        assertThatThrownBy(() -> f.reports.store().transition(signed, ReportAction.AMEND, java.util.Map.of("findings", "篡改。"),
                f.clock.instant())).isInstanceOf(IllegalArgumentException.class);
        assertThat(f.reports.latest(f.reports.report(r.id())).state()).isEqualTo(ReportState.FINAL);
        // signed from a stale read (the version was saved after it was read): nothing is signed
        Report r2 = chestReport(3, li);
        ReportVersion read = f.reports.latest(r2);
        f.reports.save(li, r2.id(), 0, chest("新。"));
        assertThat(f.reports.store().transition(read, ReportAction.SIGN, java.util.Map.of(), f.clock.instant())).isNull();
        assertThat(f.reports.latest(r2).state()).isEqualTo(ReportState.DRAFT);
    }

    @Test
    void countersignPolicyKeepsTheVersionSignedUntilASeniorReaderVerifiesIt() {
        f.holders.put(10L, li.username());
        Report r = f.reports.create(li, ReportsFixture.subject(10, "1.2.3.10", "th01", "ULTRASOUND", false, "US", "甲状腺彩超"), null);
        ReportVersion v = f.reports.latest(r);
        assertThat(v.templateId()).isEqualTo("us-thyroid");
        assertThat(v.sharingMark()).isEqualTo("HR"); // th01's result-sharing mark
        f.reports.save(li, r.id(), 0, new ReportContent(new Sections("右叶低回声结节。", "甲状腺右叶结节，C-TIRADS 4B类。", "建议细针穿刺活检（FNA）。"),
                fields("{\"nodulePresent\":true,\"ctirads\":\"4B\",\"noduleMaxDiameterMm\":12}"), false, null));
        ReportVersion signed = f.reports.sign(li, r.id(), false);
        assertThat(signed.state()).isEqualTo(ReportState.SIGNED);
        assertThat(signed.requiresVerification()).isTrue();
        // verification's view: the author's document is the newest issued one while it waits
        StoredIssuedDocuments issued = new StoredIssuedDocuments(f.reports.store(), null);
        assertThat(issued.byDigest(sha(1))).hasValueSatisfying(d -> {
            assertThat(d.role()).isEqualTo(SignatureRole.AUTHOR);
            assertThat(d.superseded()).isFalse();
            assertThat(d.currentVersion()).isZero();
        });
        assertThat(f.released).isEmpty(); // nothing goes to the facility before the countersignature
        assertThat(f.reports.report(r.id()).currentVersion()).isNull();
        assertThat(f.reports.signedForCompletion(10, false)).isTrue();
        assertThat(f.reports.signedForCompletion(10, true)).isFalse();

        assertThat(code(() -> f.reports.save(li, r.id(), 1, chest("改")))).isEqualTo("CONFLICT version-signed");
        assertThat(code(() -> f.reports.sign(li, r.id(), false))).isEqualTo("CONFLICT already-signed");
        assertThat(code(() -> f.reports.amend(li, r.id(), VersionKind.CORRECTION, "x"))).isEqualTo("CONFLICT version-not-final");
        f.holders.put(10L, li.username());
        assertThat(code(() -> f.reports.verify(li, r.id()))).isEqualTo("CONFLICT own-report");
        // the senior reader must hold the countersign task
        assertThat(code(() -> f.reports.verify(chen, r.id()))).isEqualTo("CONFLICT not-task-holder");
        f.holders.put(10L, chen.username());
        f.clock.advance(Duration.ofMinutes(3));
        ReportVersion fin = f.reports.verify(chen, r.id());
        assertThat(fin.state()).isEqualTo(ReportState.FINAL);
        assertThat(fin.verifier()).isEqualTo("chen.senior");
        assertThat(fin.verifierName()).isEqualTo("陈主任");
        assertThat(fin.verifiedAt()).isEqualTo(f.clock.instant());
        assertThat(fin.signedAt()).isEqualTo(f.clock.instant().minus(Duration.ofMinutes(3)));
        assertThat(f.signings).extracting(SignStep.Signing::role).containsExactly(SignatureRole.AUTHOR, SignatureRole.VERIFIER);
        assertThat(f.signings.get(1).previous()).get().satisfies(d -> assertThat(d.role()).isEqualTo(SignatureRole.AUTHOR));
        assertThat(f.released).singleElement().satisfies(x -> assertThat(x.state()).isEqualTo(ReportState.FINAL));
        assertThat(issued.byDigest(sha(1))).as("the countersigned document replaces the author's")
                .hasValueSatisfying(d -> assertThat(d.superseded()).isTrue());
        assertThat(issued.byDigest(sha(2))).hasValueSatisfying(d -> {
            assertThat(d.role()).isEqualTo(SignatureRole.VERIFIER);
            assertThat(d.superseded()).isFalse();
            assertThat(d.currentVersion()).isEqualTo(1);
            assertThat(d.code()).isEqualTo("CODE2");
        });
        assertThat(issued.byCode("CODE2")).map(IssuedDocument::sha256).contains(sha(2));
        assertThat(f.reports.signedForCompletion(10, true)).isTrue();
        assertThat(f.reports.store().events(r.id())).extracting(e -> e.event() + ":" + e.to())
                .containsExactly("CREATE:DRAFT", "SIGN:SIGNED", "VERIFY:VERIFIED", "FINALIZE:FINAL");
        assertThat(code(() -> f.reports.verify(chen, r.id()))).isEqualTo("CONFLICT version-final");
    }

    @Test
    void aSeniorReaderReturnsASignedVersionAndTheReaderSignsTheNextOne() {
        Report r = chestReport(15, trainee);
        f.reports.save(trainee, r.id(), 0, chest("双肺纹理增多。"));
        ReportVersion first = f.reports.sign(trainee, r.id(), false);
        assertThat(first.requiresVerification()).isTrue();
        assertThat(code(() -> f.reports.returnForRevision(chen, r.id(), " "))).isEqualTo("INVALID reason-required");
        assertThat(code(() -> f.reports.returnForRevision(chen, r.id(), "补充对比"))).as("not holding the countersign task")
                .isEqualTo("CONFLICT not-task-holder");
        f.holders.put(15L, trainee.username());
        assertThat(code(() -> f.reports.returnForRevision(trainee, r.id(), "补充对比"))).isEqualTo("CONFLICT own-report");

        f.holders.put(15L, chen.username());
        ReportVersion second = f.reports.returnForRevision(chen, r.id(), "请与前片对比");
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.state()).isEqualTo(ReportState.DRAFT);
        assertThat(second.follows()).isEqualTo(1);
        assertThat(second.reason()).isEqualTo("请与前片对比");
        assertThat(second.author()).isEqualTo(trainee.username());
        assertThat(second.sections().findings()).isEqualTo("双肺纹理增多。");
        assertThat(f.reports.version(r, 1).state()).as("a signed version never changes").isEqualTo(ReportState.SIGNED);
        assertThat(f.reports.report(r.id()).currentVersion()).isNull();
        assertThat(f.released).isEmpty();
        assertThat(f.reports.signedForCompletion(15, false)).isFalse();
        assertThat(code(() -> f.reports.returnForRevision(chen, r.id(), "again"))).isEqualTo("CONFLICT version-not-signed");

        // the reader claims the task again and signs the next version, which waits for the senior reader in turn
        f.holders.put(15L, trainee.username());
        f.reports.save(trainee, r.id(), 0, chest("双肺纹理增多，较前片无明显变化。"));
        assertThat(f.reports.sign(trainee, r.id(), false).state()).isEqualTo(ReportState.SIGNED);
        f.holders.put(15L, chen.username());
        ReportVersion fin = f.reports.verify(chen, r.id());
        assertThat(fin.number()).isEqualTo(2);
        assertThat(fin.state()).isEqualTo(ReportState.FINAL);
        assertThat(f.reports.report(r.id()).currentVersion()).isEqualTo(2);
        assertThat(f.reports.store().events(r.id())).extracting(e -> e.version() + ":" + e.event())
                .containsExactly("1:CREATE", "1:SIGN", "1:RETURN", "2:CREATE", "2:SIGN", "2:VERIFY", "2:FINALIZE");
    }

    @Test
    void aSeniorReaderRevisesASignedVersionAndCountersignsTheRevisionNamingBoth() {
        Report r = chestReport(16, trainee);
        f.reports.save(trainee, r.id(), 0, chest("双肺纹理增多。"));
        ReportVersion first = f.reports.sign(trainee, r.id(), false);
        f.clock.advance(Duration.ofMinutes(5));

        // refusals first: each with its code, and nothing stored changes
        assertThat(code(() -> f.reports.revise(chen, r.id()))).as("not holding the countersign task").isEqualTo("CONFLICT not-task-holder");
        f.holders.put(16L, trainee.username());
        assertThat(code(() -> f.reports.revise(trainee, r.id()))).isEqualTo("CONFLICT own-report");
        Report r2 = chestReport(17, li);
        f.reports.save(li, r2.id(), 0, chest("双肺纹理清晰。"));
        assertThat(code(() -> f.reports.revise(chen, r2.id()))).as("a draft").isEqualTo("CONFLICT version-not-signed");
        f.reports.sign(li, r2.id(), false);
        f.holders.put(17L, chen.username());
        assertThat(code(() -> f.reports.revise(chen, r2.id()))).as("FINAL at once, nothing to countersign").isEqualTo("CONFLICT version-final");
        assertThat(f.reports.report(r.id()).latestVersion()).isEqualTo(1);
        assertThat(f.reports.store().events(r.id())).extracting(ReportEventView::of).containsExactly("1:CREATE", "1:SIGN");

        f.holders.put(16L, chen.username());
        ReportVersion rev = f.reports.revise(chen, r.id());
        assertThat(rev.number()).isEqualTo(2);
        assertThat(rev.state()).isEqualTo(ReportState.REVISING);
        assertThat(rev.follows()).isEqualTo(1);
        assertThat(rev.kind()).isEqualTo(VersionKind.ORIGINAL);
        assertThat(rev.author()).as("still the reader's report").isEqualTo(trainee.username());
        assertThat(rev.verifier()).isEqualTo(chen.username());
        assertThat(rev.requiresVerification()).isTrue();
        assertThat(rev.sections().findings()).isEqualTo("双肺纹理增多。");
        assertThat(code(() -> f.reports.revise(chen, r.id()))).isEqualTo("CONFLICT already-revising");
        assertThat(code(() -> f.reports.returnForRevision(chen, r.id(), "x"))).isEqualTo("CONFLICT revision-open");

        // only the reviser edits it; the reader neither edits nor signs it
        f.holders.put(16L, trainee.username());
        assertThat(code(() -> f.reports.save(trainee, r.id(), 0, chest("改")))).isEqualTo("CONFLICT not-reviser");
        assertThat(code(() -> f.reports.sign(trainee, r.id(), false))).isEqualTo("CONFLICT revision-countersigned");
        assertThat(code(() -> f.reports.verify(trainee, r.id()))).isEqualTo("CONFLICT own-report");
        assertThat(code(() -> f.reports.verify(wang, r.id()))).as("another senior").isEqualTo("CONFLICT not-reviser");
        assertThat(code(() -> f.reports.releasePreliminary(chen, r.id()))).isEqualTo("CONFLICT revision-countersigned");
        f.holders.put(16L, chen.username());
        assertThat(code(() -> f.reports.sign(chen, r.id(), false))).isEqualTo("CONFLICT revision-countersigned");
        assertThat(f.reports.latest(f.reports.report(r.id())).draftRevision()).isZero();

        ReportContent senior = new ReportContent(new Sections("双肺纹理增多、增粗。", "慢性支气管炎改变，请结合临床。", ""),
                chest("").fields(), false, null);
        f.reports.save(chen, r.id(), 0, senior);
        assertThat(code(() -> f.reports.save(chen, r.id(), 0, senior))).isEqualTo("CONFLICT draft-stale");
        f.clock.advance(Duration.ofMinutes(2));
        ReportVersion fin = f.reports.verify(chen, r.id());
        assertThat(fin.number()).isEqualTo(2);
        assertThat(fin.state()).isEqualTo(ReportState.FINAL);
        assertThat(fin.sections().impression()).isEqualTo("慢性支气管炎改变，请结合临床。");
        assertThat(fin.author()).isEqualTo(trainee.username());
        assertThat(fin.authorName()).isEqualTo("周医生");
        assertThat(fin.signedAt()).as("when the reader signed their text").isEqualTo(first.signedAt());
        assertThat(fin.verifierName()).isEqualTo("陈主任");
        assertThat(fin.verifiedAt()).isEqualTo(f.clock.instant());
        assertThat(fin.contentSha256()).isEqualTo(Reports.sha256(ReportStore.contentJson(senior)));
        assertThat(fin.contentSha256()).isNotEqualTo(first.contentSha256());
        // the reader's signed text is kept as it was signed, and never released
        ReportVersion readers = f.reports.version(r, 1);
        assertThat(readers.state()).isEqualTo(ReportState.SIGNED);
        assertThat(readers.sections().impression()).isEqualTo("心肺膈未见明显异常。");
        assertThat(readers.contentSha256()).isEqualTo(first.contentSha256());
        assertThat(f.reports.report(r.id()).currentVersion()).isEqualTo(2);
        assertThat(f.released).as("r2 was FINAL at once (its version 1), then this revision")
                .extracting(ReportVersion::number).containsExactly(1, 2);
        // one document made anew for the revision, signed by the senior
        SignStep.Signing last = f.signings.get(f.signings.size() - 1);
        assertThat(last.role()).isEqualTo(SignatureRole.VERIFIER);
        assertThat(last.previous()).isEmpty();
        assertThat(last.version().author()).isEqualTo(trainee.username());
        assertThat(last.version().verifier()).isEqualTo(chen.username());
        assertThat(f.reports.signedForCompletion(16, true)).isTrue();
        assertThat(f.reports.store().events(r.id())).extracting(ReportEventView::of)
                .containsExactly("1:CREATE", "1:SIGN", "1:REVISE", "2:CREATE", "2:VERIFY", "2:FINALIZE");
        assertThat(code(() -> f.reports.revise(chen, r.id()))).isEqualTo("CONFLICT version-final");
    }

    /** An event as version:event, for comparing histories. */
    private static final class ReportEventView {
        static String of(org.rdc.reports.model.ReportEvent e) {
            return e.version() + ":" + e.event();
        }
    }

    @Test
    void readersWhoRequireCountersignAndAskedForOnesWaitForVerification() {
        Report r = chestReport(20, trainee);
        f.reports.save(trainee, r.id(), 0, chest("双肺纹理清晰。"));
        assertThat(f.reports.sign(trainee, r.id(), false).state()).isEqualTo(ReportState.SIGNED);
        Report r2 = chestReport(21, li);
        f.reports.save(li, r2.id(), 0, chest("双肺纹理清晰。"));
        assertThat(f.reports.sign(li, r2.id(), true).state()).isEqualTo(ReportState.SIGNED);
        // no countersignature needed: verify is refused with its own reason
        Report r3 = chestReport(22, li);
        f.reports.save(li, r3.id(), 0, chest("双肺纹理清晰。"));
        assertThat(code(() -> f.reports.verify(chen, r3.id()))).isEqualTo("CONFLICT version-not-signed");
    }

    @Test
    void statReportIsReleasedAsPreliminaryAndSignedLater() {
        f.holders.put(30L, li.username());
        Report stat = f.reports.create(li, ReportsFixture.subject(30, "1.2.3.30", "demo", "RADIOLOGY", true, "DX", "胸部正位"), null);
        f.reports.save(li, stat.id(), 0, chest("右侧大量气胸。"));
        assertThat(f.reports.store().search(new ReportQuery("demo", null, null, null, null, null, null, true, 0, 50))).isEmpty();
        ReportVersion pre = f.reports.releasePreliminary(li, stat.id());
        assertThat(pre.state()).isEqualTo(ReportState.PRELIMINARY);
        assertThat(f.reports.store().search(new ReportQuery("demo", null, null, null, null, null, null, true, 0, 50)))
                .as("the facility's list shows the preliminary release").extracting(Report::id).containsExactly(stat.id());
        assertThat(pre.preliminaryAt()).isEqualTo(f.clock.instant());
        assertThat(f.signings).singleElement().satisfies(s -> assertThat(s.role()).isEqualTo(SignatureRole.PRELIMINARY));
        assertThat(f.released).singleElement().satisfies(v -> assertThat(v.state()).isEqualTo(ReportState.PRELIMINARY));
        assertThat(code(() -> f.reports.releasePreliminary(li, stat.id()))).isEqualTo("CONFLICT already-preliminary");
        assertThat(f.reports.signedForCompletion(30, false)).isFalse(); // preliminary is not signed for completing the task
        // still edited until signed
        ReportVersion edited = f.reports.save(li, stat.id(), 1, chest("右侧大量气胸，纵隔左移。"));
        assertThat(edited.state()).isEqualTo(ReportState.PRELIMINARY);
        assertThat(f.reports.sign(li, stat.id(), false).state()).isEqualTo(ReportState.FINAL);
        assertThat(f.released).extracting(ReportVersion::state).containsExactly(ReportState.PRELIMINARY, ReportState.FINAL);
        StoredIssuedDocuments issued = new StoredIssuedDocuments(f.reports.store(), null);
        assertThat(issued.byDigest(sha(1))).as("the preliminary, once the final document exists")
                .hasValueSatisfying(d -> assertThat(d.superseded()).isTrue());
        assertThat(issued.byDigest(sha(2))).hasValueSatisfying(d -> assertThat(d.current()).isTrue());

        Report routine = chestReport(31, li);
        assertThat(code(() -> f.reports.releasePreliminary(li, routine.id()))).isEqualTo("CONFLICT not-stat");
    }

    @Test
    void correctionsAndAddendaAreNewVersionsFollowingTheFinalOne() {
        Report r = chestReport(40, li);
        f.reports.save(li, r.id(), 0, chest("左下肺结节。"));
        assertThat(code(() -> f.reports.amend(li, r.id(), VersionKind.CORRECTION, "侧别错误"))).isEqualTo("CONFLICT version-open");
        ReportVersion v1 = f.reports.sign(li, r.id(), false);
        assertThat(code(() -> f.reports.amend(li, r.id(), VersionKind.CORRECTION, " "))).isEqualTo("INVALID reason-required");

        f.clock.advance(Duration.ofHours(1));
        ReportVersion v2 = f.reports.amend(li, r.id(), VersionKind.CORRECTION, "侧别错误：应为右下肺");
        assertThat(v2.number()).isEqualTo(2);
        assertThat(v2.kind()).isEqualTo(VersionKind.CORRECTION);
        assertThat(v2.follows()).isEqualTo(1);
        assertThat(v2.state()).isEqualTo(ReportState.DRAFT);
        assertThat(v2.sections().findings()).isEqualTo("左下肺结节。"); // starts from what it corrects
        Report mid = f.reports.report(r.id());
        assertThat(mid.currentVersion()).isEqualTo(1); // version 1 stays current until version 2 is FINAL
        assertThat(mid.latestVersion()).isEqualTo(2);
        // the task is done: the correction's author edits it, nobody else
        f.holders.remove(40L);
        assertThat(code(() -> f.reports.save(wang, r.id(), 0, chest("右下肺结节。")))).isEqualTo("CONFLICT not-author");
        f.reports.save(li, r.id(), 0, chest("右下肺结节。"));
        ReportVersion v2final = f.reports.sign(li, r.id(), false);
        assertThat(v2final.state()).isEqualTo(ReportState.FINAL);
        assertThat(f.reports.report(r.id()).currentVersion()).isEqualTo(2);

        ReportVersion v1again = f.reports.version(f.reports.report(r.id()), 1);
        assertThat(v1again.state()).isEqualTo(ReportState.FINAL);
        assertThat(v1again.sections().findings()).isEqualTo("左下肺结节。");
        assertThat(v1again.contentSha256()).isEqualTo(v1.contentSha256());
        assertThat(v1again.updatedAt()).isEqualTo(v1.updatedAt());

        ReportVersion v3 = f.reports.amend(wang, r.id(), VersionKind.ADDENDUM, "补充：建议 CT");
        assertThat(v3.follows()).isEqualTo(2);
        assertThat(v3.author()).isEqualTo("wang.radiology");
        assertThat(f.reports.store().versions(r.id())).extracting(ReportVersion::number).containsExactly(1, 2, 3);
    }

    @Test
    void onlyTheTaskHolderStartsAReportAndATaskHasOne() {
        f.holders.put(50L, li.username());
        assertThat(code(() -> f.reports.create(wang, ReportsFixture.subject(50, "1.2.3.50", "demo", "RADIOLOGY", false, "DX", "胸部"), null)))
                .isEqualTo("CONFLICT not-task-holder");
        f.reports.create(li, ReportsFixture.subject(50, "1.2.3.50", "demo", "RADIOLOGY", false, "DX", "胸部"), null);
        assertThat(code(() -> f.reports.create(li, ReportsFixture.subject(50, "1.2.3.50", "demo", "RADIOLOGY", false, "DX", "胸部"), null)))
                .isEqualTo("CONFLICT report-exists");
    }

    @Test
    void fieldsOfTheWrongTypeAndCriticalResultsWithoutACategoryAreRefusedAndNothingChanges() {
        Report r = chestReport(60, li);
        ReportContent ok = chest("x");
        assertThat(code(() -> f.reports.save(li, r.id(), 0, new ReportContent(ok.sections(),
                fields("{\"cardiothoracicRatio\":\"big\"}"), false, null)))).isEqualTo("INVALID field-type");
        assertThat(code(() -> f.reports.save(li, r.id(), 0, new ReportContent(ok.sections(),
                fields("{\"cardiothoracicRatio\":1.5}"), false, null)))).isEqualTo("INVALID field-range");
        assertThat(code(() -> f.reports.save(li, r.id(), 0, new ReportContent(ok.sections(),
                fields("{\"projection\":\"LATERAL\"}"), false, null)))).isEqualTo("INVALID field-choice");
        assertThat(code(() -> f.reports.save(li, r.id(), 0, new ReportContent(ok.sections(),
                fields("{\"weight\":3}"), false, null)))).isEqualTo("INVALID field-unknown");
        assertThat(code(() -> f.reports.save(li, r.id(), 0, new ReportContent(ok.sections(), ok.fields(), true, null))))
                .isEqualTo("INVALID critical-category");
        assertThat(code(() -> f.reports.save(li, r.id(), 0, new ReportContent(ok.sections(), ok.fields(), true, "STEMI"))))
                .as("an ECG category on a radiology report").isEqualTo("INVALID critical-category");
        assertThat(f.reports.latest(f.reports.report(r.id())).draftRevision()).isZero();

        ReportVersion critical = f.reports.save(li, r.id(), 0, new ReportContent(ok.sections(), ok.fields(), true, "PNEUMOTHORAX_TENSION"));
        assertThat(critical.critical()).isTrue();
        assertThat(critical.criticalCategory()).isEqualTo("PNEUMOTHORAX_TENSION");
        // required fields are needed only to sign
        f.reports.save(li, r.id(), 1, new ReportContent(ok.sections(), fields("{}"), false, null));
        assertThat(code(() -> f.reports.sign(li, r.id(), false))).isEqualTo("INVALID field-required");
        assertThat(f.signings).isEmpty();
    }

    @Test
    void searchFindsReportsByFacilityPatientDateModalityAndState() {
        chestReport(70, li);
        Report signed = chestReport(71, li);
        f.reports.save(li, signed.id(), 0, chest("x"));
        f.reports.sign(li, signed.id(), false);
        f.holders.put(72L, li.username());
        f.reports.create(li, ReportsFixture.subject(72, "1.2.3.72", "th01", "ULTRASOUND", false, "US", "腹部彩超"), null);

        assertThat(f.reports.store().search(new ReportQuery("demo", null, null, null, null, null, null, false, 0, 50)))
                .extracting(Report::taskId).containsExactlyInAnyOrder(70L, 71L);
        assertThat(f.reports.store().search(new ReportQuery("demo", null, null, null, null, null, null, true, 0, 50)))
                .extracting(Report::taskId).containsExactly(71L);
        assertThat(f.reports.store().search(new ReportQuery(null, null, "P72", null, null, null, null, false, 0, 50)))
                .extracting(Report::taskId).containsExactly(72L);
        assertThat(f.reports.store().search(new ReportQuery(null, null, "王", null, null, "US", null, false, 0, 50)))
                .extracting(Report::taskId).containsExactly(72L);
        assertThat(f.reports.store().search(new ReportQuery(null, null, null, null, null, null, ReportState.FINAL, false, 0, 50)))
                .extracting(Report::taskId).containsExactly(71L);
        assertThat(f.reports.store().search(new ReportQuery(null, null, null, java.time.LocalDate.of(2026, 12, 4), null, null, null, false, 0, 50)))
                .isEmpty();
        assertThat(f.reports.store().findByStudies(List.of("1.2.3.70", "1.2.3.72"))).hasSize(2);
    }

    /** The PDF digest the fixture's sign step gives its n-th signing. */
    private static String sha(int n) {
        return Integer.toHexString(n).repeat(64).substring(0, 64);
    }
}
