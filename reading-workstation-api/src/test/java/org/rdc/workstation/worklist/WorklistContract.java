package org.rdc.workstation.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdc.workstation.worklist.WorklistFixture.DX_IMAGE;
import static org.rdc.workstation.worklist.WorklistFixture.ECG_12_LEAD;
import static org.rdc.workstation.worklist.WorklistFixture.US_IMAGE;
import static org.rdc.workstation.worklist.WorklistFixture.consultant;
import static org.rdc.workstation.worklist.WorklistFixture.facilityUser;
import static org.rdc.workstation.worklist.WorklistFixture.reader;
import static org.rdc.workstation.worklist.WorklistFixture.senior;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdc.storage.catalog.PatientRef;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.api.WorkstationException.Kind;
import org.rdc.workstation.security.Caller;
import org.rdc.workstation.security.Role;
import org.rdc.workstation.security.UserAccount;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The worklist's behaviour, run against H2 and PostgreSQL by the subclasses. */
abstract class WorklistContract {

    protected abstract DataSource freshDatabase();

    protected WorklistFixture f;
    private final Caller radiologist = reader("li.radiology", ServiceLine.RADIOLOGY);
    private final Caller radiologist2 = reader("wang.radiology", ServiceLine.RADIOLOGY);
    private final Caller cardiologist = reader("zhao.ecg", ServiceLine.ECG);
    private final Caller seniorRadiologist = senior("chen.senior", ServiceLine.RADIOLOGY);
    private final Caller tertiary = consultant("sun.tertiary", ServiceLine.RADIOLOGY);

    @BeforeEach
    void setUp() {
        WorklistSettings s = WorklistSettings.defaults().withFacilities(WorklistSettings.facilities(
                "th01:quiet=60s,priority=INPATIENT,mark.加急=STAT;th02:priority=CHECKUP"));
        f = new WorklistFixture(freshDatabase(), s);
    }

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private Task task(String studyUid) {
        return f.worklist.findByStudy(studyUid).orElseThrow(() -> new AssertionError("no task for " + studyUid));
    }

    private static Kind kindOf(Runnable r) {
        try {
            r.run();
        } catch (WorkstationException e) {
            return e.kind();
        }
        throw new AssertionError("expected a refusal");
    }

    // ------------------------------------------------------------ readiness and routing

    @Test
    void senderReadinessRoutesAtOnceWithFacilityDefaultPriorityAndSlaDueTime() {
        Instant arrival = f.clock.instant();
        f.instance("1.2.1", 1, "demo", "DX", DX_IMAGE, "P1");
        f.instance("1.2.1", 2, "demo", "DX", DX_IMAGE, "P1");
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(f.router.scan()).isZero(); // neither announced nor quiet yet
        assertThat(f.worklist.findByStudy("1.2.1")).isEmpty();

        assertThat(f.catalog.markReady("1.2.1", "STORAGE_COMMITMENT")).isTrue();
        assertThat(f.router.scan()).isEqualTo(1);
        Task t = task("1.2.1");
        assertThat(t.serviceLine()).isEqualTo(ServiceLine.RADIOLOGY);
        assertThat(t.priority()).isEqualTo(Priority.OUTPATIENT);
        assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(t.readyReason()).isEqualTo("STORAGE_COMMITMENT");
        assertThat(t.arrivedAt()).isEqualTo(arrival);
        assertThat(t.dueAt()).isEqualTo(arrival.plus(Duration.ofMinutes(240)));
        assertThat(t.instanceCount()).isEqualTo(2);
        assertThat(t.facilityId()).isEqualTo("demo");
        assertThat(f.worklist.history(t.id())).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("ROUTED");
            assertThat(e.toState()).isEqualTo(TaskState.SCHEDULED);
            assertThat(e.actor()).isEqualTo("system");
        });
        assertThat(f.router.scan()).isZero(); // exactly once
    }

    // ------------------------------------------------------------ the SLA matrix (issue 13 screen 7)

    @Test
    void aChangedSlaCellGivesNewTasksTheNewDueTimeAndLeavesQueuedTasksTheirs() {
        Caller admin = Caller.system();
        Instant first = f.clock.instant();
        f.instance("1.90.1", 1, "demo", "DX", DX_IMAGE, "P90");
        f.catalog.markReady("1.90.1", "STOW_RS");
        f.router.scan();
        assertThat(task("1.90.1").dueAt()).isEqualTo(first.plus(Duration.ofMinutes(240)));

        f.clock.advance(Duration.ofMinutes(5));
        var after = f.worklist.sla().change(admin, Map.of(ServiceLine.RADIOLOGY, Map.of(Priority.OUTPATIENT, 90L)));
        assertThat(after.get(ServiceLine.RADIOLOGY).get(Priority.OUTPATIENT)).isEqualTo(90L);
        assertThat(after.get(ServiceLine.RADIOLOGY).get(Priority.INPATIENT)).isEqualTo(120L); // the others stay

        Instant second = f.clock.instant();
        f.instance("1.90.2", 1, "demo", "DX", DX_IMAGE, "P91");
        f.catalog.markReady("1.90.2", "STOW_RS");
        f.router.scan();
        assertThat(task("1.90.2").dueAt()).isEqualTo(second.plus(Duration.ofMinutes(90)));
        assertThat(task("1.90.1").dueAt()).isEqualTo(first.plus(Duration.ofMinutes(240))); // queued: its deadline does not move
        assertThat(f.worklist.history(task("1.90.1").id())).extracting(TaskEvent::action).containsExactly("ROUTED");

        assertThat(f.worklist.sla().changes(10)).singleElement().satisfies(c -> {
            assertThat(c.actor()).isEqualTo("system");
            assertThat(c.at()).isEqualTo(second);
            assertThat(c.serviceLine()).isEqualTo(ServiceLine.RADIOLOGY);
            assertThat(c.priority()).isEqualTo(Priority.OUTPATIENT);
            assertThat(c.oldMinutes()).isEqualTo(240);
            assertThat(c.newMinutes()).isEqualTo(90);
        });
        // the same value again is no change
        f.worklist.sla().change(admin, Map.of(ServiceLine.RADIOLOGY, Map.of(Priority.OUTPATIENT, 90L)));
        assertThat(f.worklist.sla().changes(10)).hasSize(1);
    }

    @Test
    void anotherNodeSeesTheStoredMatrixAndTheAdministratorsCellWinsOverItsConfiguration() {
        f.worklist.sla().change(Caller.system(), Map.of(ServiceLine.ECG, Map.of(Priority.STAT, 7L)));
        // another node, or this one restarted, with a configuration that says otherwise for that cell and another
        SlaMatrix other = new SlaMatrix(f.dataSource, f.clock, WorklistSettings.sla("ECG.STAT=12,ULTRASOUND.CHECKUP=2880"));
        assertThat(other.due(ServiceLine.ECG, Priority.STAT)).isEqualTo(Duration.ofMinutes(7));
        // a cell no administrator set follows the configuration
        assertThat(other.due(ServiceLine.ULTRASOUND, Priority.CHECKUP)).isEqualTo(Duration.ofMinutes(2880));
        assertThat(other.due(ServiceLine.RADIOLOGY, Priority.STAT)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void slaChangesAreRefusedWithSpecificErrorsAndNothingIsStored() {
        var before = f.worklist.sla().current();
        assertThat(kindOf(() -> f.worklist.sla().change(radiologist, Map.of(ServiceLine.RADIOLOGY, Map.of(Priority.STAT, 20L)))))
                .isEqualTo(Kind.FORBIDDEN);
        assertThatThrownBy(() -> SlaMatrix.cells(Map.of("CT", Map.of("STAT", 20))))
                .hasMessageContaining("unknown service line 'CT'").hasMessageContaining("RADIOLOGY, ULTRASOUND, ECG");
        assertThatThrownBy(() -> SlaMatrix.cells(Map.of("ECG", Map.of("URGENT", 20))))
                .hasMessageContaining("unknown priority of ECG 'URGENT'");
        assertThatThrownBy(() -> SlaMatrix.cells(Map.of("ECG", Map.of("STAT", 0)))).hasMessageContaining("ECG.STAT: minutes must be from 1 to 43200");
        assertThatThrownBy(() -> SlaMatrix.cells(Map.of("ECG", Map.of("STAT", 43201)))).hasMessageContaining("not 43201");
        assertThatThrownBy(() -> SlaMatrix.cells(Map.of("ECG", Map.of("STAT", 1.5)))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> SlaMatrix.cells(Map.of("ECG", Map.of("STAT", "15")))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> SlaMatrix.cells(Map.of("ECG", 15))).hasMessageContaining("expected an object");
        assertThatThrownBy(() -> SlaMatrix.cells(Map.of())).hasMessageContaining("no cell");
        // one good cell and one bad: the whole change is refused before anything is written
        var mixed = new java.util.EnumMap<ServiceLine, Map<Priority, Long>>(ServiceLine.class);
        mixed.put(ServiceLine.RADIOLOGY, Map.of(Priority.STAT, 20L));
        mixed.put(ServiceLine.ECG, Map.of(Priority.STAT, -1L));
        assertThat(kindOf(() -> f.worklist.sla().change(Caller.system(), mixed))).isEqualTo(Kind.INVALID);
        assertThat(f.worklist.sla().current()).isEqualTo(before);
        assertThat(f.worklist.sla().changes(10)).isEmpty();
    }

    @Test
    void quietPeriodIsPerFacility() {
        Instant arrival = f.clock.instant();
        f.instance("1.3.1", 1, "th01", "US", US_IMAGE, "P2"); // th01: 60 s quiet, INPATIENT
        f.instance("1.3.2", 1, "demo", "DX", DX_IMAGE, "P3"); // default: 30 s
        f.router.scan();
        f.clock.advance(Duration.ofSeconds(31));
        f.router.scan();
        assertThat(f.worklist.findByStudy("1.3.2")).isPresent();
        assertThat(f.worklist.findByStudy("1.3.1")).isEmpty();
        f.clock.advance(Duration.ofSeconds(30));
        f.router.scan();
        Task us = task("1.3.1");
        assertThat(us.serviceLine()).isEqualTo(ServiceLine.ULTRASOUND);
        assertThat(us.priority()).isEqualTo(Priority.INPATIENT);
        assertThat(us.readyReason()).isEqualTo("QUIET_PERIOD");
        assertThat(us.dueAt()).isEqualTo(arrival.plus(Duration.ofMinutes(120)));
        assertThat(task("1.3.2").readyReason()).isEqualTo("QUIET_PERIOD");
    }

    @Test
    void criticalEcgBecomesStatAndIsClaimedFirst() {
        f.instance("1.4.1", 1, "demo", "ECG", ECG_12_LEAD, "P4");
        f.catalog.markReady("1.4.1", "ECG_UPLOAD");
        f.clock.advance(Duration.ofSeconds(1));
        f.instance("1.4.2", 1, "th02", "ECG", ECG_12_LEAD, "P5");
        f.router.hint("1.4.2", null, true, "STEMI criteria met");
        f.catalog.markReady("1.4.2", "ECG_UPLOAD");
        f.instance("1.4.3", 1, "demo", "OT", "1.2.840.10008.5.1.4.1.1.7", "P6");
        f.catalog.markReady("1.4.3", "STOW_RS");
        assertThat(f.router.scan()).isEqualTo(3);

        Task critical = task("1.4.2");
        assertThat(critical.serviceLine()).isEqualTo(ServiceLine.ECG);
        assertThat(critical.priority()).isEqualTo(Priority.STAT);
        assertThat(critical.critical()).isTrue();
        assertThat(critical.dueAt()).isEqualTo(critical.arrivedAt().plus(Duration.ofMinutes(10)));
        assertThat(task("1.4.1").priority()).isEqualTo(Priority.OUTPATIENT);
        Task other = task("1.4.3");
        assertThat(other.serviceLine()).isEqualTo(ServiceLine.RADIOLOGY);
        assertThat(other.routingNote()).contains("no service line for modalities [OT]");

        assertThat(f.worklist.list(cardiologist, new WorklistQuery(null, null, null, null, 0, 10)).items())
                .extracting(i -> i.task().studyInstanceUid()).containsExactly("1.4.2", "1.4.1");
        assertThat(f.worklist.next(cardiologist, Set.of(), null)).get().extracting(Task::studyInstanceUid).isEqualTo("1.4.2");
        assertThat(f.worklist.next(cardiologist, Set.of(), null)).get().extracting(Task::studyInstanceUid).isEqualTo("1.4.1");
        assertThat(f.worklist.next(cardiologist, Set.of(), null)).isEmpty();
    }

    @Test
    void aCriticalFlagAfterRoutingRaisesThePriority() {
        f.instance("1.4.5", 1, "demo", "ECG", ECG_12_LEAD, "P7");
        f.catalog.markReady("1.4.5", "ECG_UPLOAD");
        f.router.scan();
        assertThat(task("1.4.5").priority()).isEqualTo(Priority.OUTPATIENT);
        f.router.hint("1.4.5", null, true, "VF");
        Task t = task("1.4.5");
        assertThat(t.priority()).isEqualTo(Priority.STAT);
        assertThat(t.critical()).isTrue();
        assertThat(f.worklist.history(t.id())).extracting(TaskEvent::action).containsExactly("ROUTED", "PRIORITY");
    }

    @Test
    void theSendersPriorityMarkingDecidesThePriorityAndDueTime() {
        Instant arrival = f.clock.instant();
        f.instance("1.40.1", 1, "demo", "DX", DX_IMAGE, "P40", '0', "STAT");        // (0040,1003)
        f.instance("1.40.2", 1, "th02", "DX", DX_IMAGE, "P41", '0', "HIGH");        // th02 defaults to CHECKUP
        f.instance("1.40.3", 1, "th02", "US", US_IMAGE, "P42", '0', "whenever");
        f.instance("1.40.4", 1, "th01", "US", US_IMAGE, "P43", '0', "加急");         // th01's own word
        f.instance("1.40.5", 1, "demo", "ECG", ECG_12_LEAD, "P44", '0', "LOW");
        f.router.hint("1.40.5", null, true, "pause 3.4 s");                         // critical beats the marking
        f.instance("1.40.6", 1, "demo", "DX", DX_IMAGE, "P45", '0', null);
        f.instance("1.40.6", 2, "demo", "DX", DX_IMAGE, "P45", '0', "LOW");          // the first marking of the study counts
        f.instance("1.40.6", 3, "demo", "DX", DX_IMAGE, "P45", '0', "STAT");
        for (String uid : List.of("1.40.1", "1.40.2", "1.40.3", "1.40.4", "1.40.5", "1.40.6")) {
            f.catalog.markReady(uid, "STORAGE_COMMITMENT");
        }
        assertThat(f.router.scan()).isEqualTo(6);

        Task stat = task("1.40.1");
        assertThat(stat.priority()).isEqualTo(Priority.STAT);
        assertThat(stat.dueAt()).isEqualTo(arrival.plus(Duration.ofMinutes(30)));
        assertThat(stat.routingNote()).contains("requested priority 'STAT' = STAT");
        assertThat(task("1.40.2").priority()).isEqualTo(Priority.INPATIENT);
        assertThat(task("1.40.2").dueAt()).isEqualTo(arrival.plus(Duration.ofMinutes(120)));
        Task unknown = task("1.40.3");
        assertThat(unknown.priority()).isEqualTo(Priority.CHECKUP);
        assertThat(unknown.routingNote()).contains("unknown requested priority 'whenever'; facility default priority CHECKUP");
        assertThat(task("1.40.4").priority()).isEqualTo(Priority.STAT);
        assertThat(task("1.40.5").priority()).isEqualTo(Priority.STAT);
        assertThat(task("1.40.5").critical()).isTrue();
        assertThat(task("1.40.6").priority()).isEqualTo(Priority.CHECKUP);

        // most urgent first: the STAT X-ray before the INPATIENT one before the CHECKUP one
        assertThat(f.worklist.list(radiologist, new WorklistQuery(null, null, null, null, 0, 10)).items())
                .extracting(i -> i.task().studyInstanceUid()).containsExactly("1.40.1", "1.40.2", "1.40.6");
    }

    @Test
    void lateInstancesAreAttachedToTheSameTaskAndFlagged() {
        f.instance("1.5.1", 1, "demo", "DX", DX_IMAGE, "P8");
        f.catalog.markReady("1.5.1", "STORAGE_COMMITMENT");
        f.router.scan();
        Task routed = task("1.5.1");
        f.worklist.claim(radiologist, routed.id());
        assertThat(routed.lateInstanceCount()).isZero();

        f.clock.advance(Duration.ofMinutes(5));
        f.instance("1.5.1", 2, "demo", "DX", DX_IMAGE, "P8");
        f.instance("1.5.1", 3, "demo", "DX", DX_IMAGE, "P8");
        f.router.scan();
        Task t = task("1.5.1");
        assertThat(t.id()).isEqualTo(routed.id());
        assertThat(t.lateInstanceCount()).isEqualTo(2);
        assertThat(t.instanceCount()).isEqualTo(3);
        assertThat(t.lateSince()).isEqualTo(f.clock.instant());
        assertThat(t.state()).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(t.holder()).isEqualTo(radiologist.username());
        assertThat(f.worklist.history(t.id())).last().satisfies(e -> {
            assertThat(e.action()).isEqualTo("LATE_INSTANCES");
            assertThat(e.detail()).contains("2 instance(s)").contains("flagged to " + radiologist.username());
        });
        assertThat(JdbcClient.create(f.dataSource).sql("SELECT COUNT(*) FROM reading_task").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theSameInstanceSentAgainIsNotFlaggedButDifferentContentIs() {
        f.instance("1.5.2", 1, "demo", "DX", DX_IMAGE, "P9");
        f.catalog.markReady("1.5.2", "STORAGE_COMMITMENT");
        f.router.scan();
        Task routed = task("1.5.2");
        f.clock.advance(Duration.ofMinutes(1));
        f.instance("1.5.2", 1, "demo", "DX", DX_IMAGE, "P9"); // a device resending what it already sent
        f.router.scan();
        Task same = task("1.5.2");
        assertThat(same.lateInstanceCount()).isZero();
        assertThat(same.lateSince()).isNull();
        assertThat(same.version()).isEqualTo(routed.version());
        assertThat(f.worklist.history(same.id())).extracting(TaskEvent::action).containsExactly("ROUTED");

        f.clock.advance(Duration.ofMinutes(1));
        f.instance("1.5.2", 1, "demo", "DX", DX_IMAGE, "P9", 'a'); // corrected image under the same SOP Instance UID
        f.router.scan();
        Task changed = task("1.5.2");
        assertThat(changed.lateInstanceCount()).isEqualTo(1);
        assertThat(changed.lateSince()).isEqualTo(f.clock.instant());
        assertThat(f.worklist.history(changed.id())).last().satisfies(e -> assertThat(e.detail()).contains("1 replaced"));
        f.router.scan();
        assertThat(task("1.5.2").lateInstanceCount()).isEqualTo(1); // counted once
    }

    // ------------------------------------------------------------ states and transitions

    private Task routed(String uid, String facility, String modality, String sopClass) {
        f.instance(uid, 1, facility, modality, sopClass, "P-" + uid);
        f.catalog.markReady(uid, "STORAGE_COMMITMENT");
        f.router.scan();
        return task(uid);
    }

    @Test
    void readCountersignedAndEveryTransitionRecorded() {
        Task t = routed("1.6.1", "demo", "DX", DX_IMAGE);
        f.worklist.claim(radiologist, t.id());
        Task read = f.worklist.complete(radiologist, t.id(), true);
        assertThat(read.state()).isEqualTo(TaskState.AWAITING_COUNTERSIGN);
        assertThat(read.readBy()).isEqualTo(radiologist.username());
        assertThat(read.holder()).isNull();

        // A reader cannot take the countersign queue; a senior can, but never for their own reading.
        assertThat(kindOf(() -> f.worklist.next(radiologist2, Set.of(), Queue.COUNTERSIGN))).isEqualTo(Kind.FORBIDDEN);
        Task signed = f.worklist.next(seniorRadiologist, Set.of(), Queue.COUNTERSIGN).orElseThrow();
        assertThat(signed.id()).isEqualTo(t.id());
        assertThat(f.worklist.complete(seniorRadiologist, t.id(), false).state()).isEqualTo(TaskState.COMPLETED);

        assertThat(f.worklist.history(t.id())).extracting(e -> e.action() + ":" + e.fromState() + "->" + e.toState() + ":" + e.actor())
                .containsExactly("ROUTED:null->SCHEDULED:system",
                        "CLAIM:SCHEDULED->IN_PROGRESS:li.radiology",
                        "COMPLETE:IN_PROGRESS->AWAITING_COUNTERSIGN:li.radiology",
                        "NEXT:AWAITING_COUNTERSIGN->IN_PROGRESS:chen.senior",
                        "COMPLETE:IN_PROGRESS->COMPLETED:chen.senior");
        assertThat(f.worklist.history(t.id())).allSatisfy(e -> assertThat(e.at()).isNotNull());

        // Final is final.
        assertThat(kindOf(() -> f.worklist.claim(radiologist, t.id()))).isEqualTo(Kind.CONFLICT);
        assertThat(kindOf(() -> f.worklist.complete(seniorRadiologist, t.id(), false))).isEqualTo(Kind.CONFLICT);
        assertThat(kindOf(() -> f.worklist.cancel(seniorRadiologist, t.id(), "duplicate"))).isEqualTo(Kind.CONFLICT);
        assertThat(f.worklist.history(t.id())).hasSize(5);
    }

    @Test
    void illegalTransitionsAreRefusedWithConflictAndChangeNothing() {
        Task t = routed("1.7.1", "demo", "DX", DX_IMAGE);
        assertThat(kindOf(() -> f.worklist.complete(radiologist, t.id(), false))).isEqualTo(Kind.CONFLICT);
        assertThat(kindOf(() -> f.worklist.renew(radiologist, t.id()))).isEqualTo(Kind.CONFLICT);
        assertThat(kindOf(() -> f.worklist.escalate(radiologist, t.id(), "hard"))).isEqualTo(Kind.CONFLICT);
        f.worklist.claim(radiologist, t.id());
        assertThat(kindOf(() -> f.worklist.claim(radiologist2, t.id()))).isEqualTo(Kind.CONFLICT);
        assertThat(kindOf(() -> f.worklist.complete(radiologist2, t.id(), false))).isEqualTo(Kind.CONFLICT);
        assertThat(kindOf(() -> f.worklist.release(radiologist2, t.id(), null))).isEqualTo(Kind.CONFLICT);
        assertThat(kindOf(() -> f.worklist.returnForQc(radiologist, t.id(), "BLURRY", null))).isEqualTo(Kind.INVALID);
        assertThat(kindOf(() -> f.worklist.returnForQc(radiologist, t.id(), "OTHER", " "))).isEqualTo(Kind.INVALID);
        assertThat(kindOf(() -> f.worklist.escalate(radiologist, t.id(), ""))).isEqualTo(Kind.INVALID);
        assertThat(kindOf(() -> f.worklist.reassign(radiologist, t.id(), null, null))).isEqualTo(Kind.FORBIDDEN);
        assertThat(kindOf(() -> f.worklist.claim(cardiologist, t.id()))).isEqualTo(Kind.NOT_FOUND); // not their line
        Task now = task("1.7.1");
        assertThat(now.state()).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(now.holder()).isEqualTo(radiologist.username());
        assertThat(f.worklist.history(t.id())).extracting(TaskEvent::action).containsExactly("ROUTED", "CLAIM");
    }

    @Test
    void escalationGoesToTheConsultantsQueue() {
        Task t = routed("1.8.1", "demo", "DX", DX_IMAGE);
        f.worklist.next(radiologist, Set.of(ServiceLine.RADIOLOGY), null).orElseThrow();
        Task e = f.worklist.escalate(radiologist, t.id(), "possible early lung cancer, need a second opinion");
        assertThat(e.state()).isEqualTo(TaskState.ESCALATED);
        assertThat(e.queue()).isEqualTo(Queue.CONSULTATION);
        assertThat(f.worklist.next(radiologist2, Set.of(), null)).isEmpty(); // readers do not get it
        assertThat(f.worklist.list(tertiary, new WorklistQuery(null, null, null, Set.of(TaskState.ESCALATED), 0, 10)).items())
                .extracting(i -> i.task().id()).containsExactly(t.id());
        Task c = f.worklist.next(tertiary, Set.of(), null).orElseThrow();
        assertThat(c.id()).isEqualTo(t.id());
        assertThat(kindOf(() -> f.worklist.escalate(tertiary, t.id(), "again"))).isEqualTo(Kind.CONFLICT);
        // a released consultation goes back to the consultants, not to the county readers
        assertThat(f.worklist.release(tertiary, t.id(), "later").state()).isEqualTo(TaskState.ESCALATED);
        f.worklist.claim(tertiary, t.id());
        assertThat(f.worklist.complete(tertiary, t.id(), false).state()).isEqualTo(TaskState.COMPLETED);
        assertThat(f.worklist.history(t.id())).filteredOn(ev -> ev.action().equals("ESCALATE")).singleElement()
                .satisfies(ev -> assertThat(ev.detail()).contains("second opinion"));
    }

    @Test
    void returnForQcIsListedForTheFacilityAndNewImagesPutItBack() {
        Task t = routed("1.9.1", "th01", "DX", DX_IMAGE);
        routed("1.9.2", "demo", "DX", DX_IMAGE);
        f.worklist.claim(radiologist, t.id());
        Task r = f.worklist.returnForQc(radiologist, t.id(), "positioning", "肩胛骨未拉开");
        assertThat(r.state()).isEqualTo(TaskState.RETURNED_FOR_QC);
        assertThat(r.qcReason()).isEqualTo("POSITIONING");
        assertThat(r.qcText()).isEqualTo("肩胛骨未拉开");

        assertThat(f.worklist.qcReturns(facilityUser("th01.clerk", "th01"), "th01", 0, 10)).extracting(i -> i.task().id())
                .containsExactly(t.id());
        assertThat(kindOf(() -> f.worklist.qcReturns(facilityUser("demo.clerk", "demo"), "th01", 0, 10))).isEqualTo(Kind.FORBIDDEN);
        assertThat(kindOf(() -> f.worklist.qcReturns(radiologist, "th01", 0, 10))).isEqualTo(Kind.FORBIDDEN);
        assertThat(f.worklist.qcReturns(facilityUser("demo.clerk", "demo"), "demo", 0, 10)).isEmpty();
        // not in the active worklist any more
        assertThat(f.worklist.list(radiologist, new WorklistQuery(null, null, null, null, 0, 10)).items())
                .extracting(i -> i.task().studyInstanceUid()).containsExactly("1.9.2");

        f.clock.advance(Duration.ofHours(1));
        f.instance("1.9.1", 7, "th01", "DX", DX_IMAGE, "P-1.9.1"); // the retake
        f.router.scan();
        Task back = task("1.9.1");
        assertThat(back.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(back.lateInstanceCount()).isEqualTo(1);
        assertThat(f.worklist.history(t.id())).extracting(TaskEvent::action).endsWith("RETURN_FOR_QC", "RESUBMITTED");
    }

    @Test
    void seniorReassignsToAQualifiedUserAndCancels() {
        Task t = routed("1.10.1", "demo", "DX", DX_IMAGE);
        f.users.insert(new UserAccount("wang.radiology", null, Set.of(Role.READER), Set.of(ServiceLine.RADIOLOGY), null, false, true,
                null, null), "{noop}x");
        f.users.insert(new UserAccount("zhao.ecg", null, Set.of(Role.READER), Set.of(ServiceLine.ECG), null, false, true,
                null, null), "{noop}x");
        f.worklist.claim(radiologist, t.id());
        assertThat(kindOf(() -> f.worklist.reassign(seniorRadiologist, t.id(), "zhao.ecg", null))).isEqualTo(Kind.INVALID);
        Task r = f.worklist.reassign(seniorRadiologist, t.id(), "wang.radiology", "li is on leave");
        assertThat(r.state()).isEqualTo(TaskState.IN_PROGRESS);
        assertThat(r.holder()).isEqualTo("wang.radiology");
        assertThat(kindOf(() -> f.worklist.complete(radiologist, t.id(), false))).isEqualTo(Kind.CONFLICT);
        assertThat(f.worklist.reassign(seniorRadiologist, t.id(), null, "back to the pool").state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(kindOf(() -> f.worklist.cancel(radiologist, t.id(), "dup"))).isEqualTo(Kind.FORBIDDEN);
        assertThat(f.worklist.cancel(seniorRadiologist, t.id(), "test study").state()).isEqualTo(TaskState.CANCELED);
        assertThat(f.worklist.history(t.id())).extracting(TaskEvent::actor)
                .containsExactly("system", "li.radiology", "chen.senior", "chen.senior", "chen.senior");
    }

    // ------------------------------------------------------------ leases

    @Test
    void anExpiredLeaseReturnsTheTaskAndTheFirstHoldersLateCompleteIsRefused() {
        Task t = routed("1.11.1", "demo", "DX", DX_IMAGE);
        Task claimed = f.worklist.next(radiologist, Set.of(), null).orElseThrow();
        assertThat(claimed.leaseExpiresAt()).isEqualTo(f.clock.instant().plus(f.settings.lease()));
        f.clock.advance(f.settings.lease().minusSeconds(60));
        f.worklist.renew(radiologist, t.id()); // renewed: good for another full lease
        f.clock.advance(f.settings.lease().minusSeconds(1));
        assertThat(f.worklist.expireLeases()).isZero();
        f.clock.advance(Duration.ofSeconds(2));
        // expired but not yet reaped: the holder is already refused
        assertThat(kindOf(() -> f.worklist.complete(radiologist, t.id(), false))).isEqualTo(Kind.CONFLICT);
        assertThat(f.worklist.expireLeases()).isEqualTo(1);
        Task back = task("1.11.1");
        assertThat(back.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(back.holder()).isNull();
        assertThat(f.worklist.lapsedHolder(t.id())).as("whose lease ran out, for the report's lease-expired").contains(radiologist.username());

        Task second = f.worklist.next(radiologist2, Set.of(), null).orElseThrow();
        assertThat(second.id()).isEqualTo(t.id());
        assertThat(second.holder()).isEqualTo(radiologist2.username());
        assertThat(f.worklist.lapsedHolder(t.id())).as("taken again: nobody's lapsed lease").isEmpty();
        assertThat(kindOf(() -> f.worklist.complete(radiologist, t.id(), false))).isEqualTo(Kind.CONFLICT);
        assertThat(f.worklist.complete(radiologist2, t.id(), false).state()).isEqualTo(TaskState.COMPLETED);
        assertThat(f.worklist.history(t.id())).extracting(TaskEvent::action)
                .containsExactly("ROUTED", "NEXT", "RENEW", "LEASE_EXPIRED", "NEXT", "COMPLETE");
    }

    @Test
    void aTaskWhoseLeaseRanOutCanBeClaimedDirectly() {
        Task t = routed("1.11.2", "demo", "DX", DX_IMAGE);
        f.worklist.claim(radiologist, t.id());
        f.clock.advance(f.settings.lease().plusSeconds(1));
        assertThat(f.worklist.claim(radiologist2, t.id()).holder()).isEqualTo(radiologist2.username());
        assertThat(kindOf(() -> f.worklist.renew(radiologist, t.id()))).isEqualTo(Kind.CONFLICT);
    }

    // ------------------------------------------------------------ visibility

    @Test
    void readersSeeTheirServiceLinesAndFacilityUsersTheirFacility() {
        routed("1.12.1", "demo", "DX", DX_IMAGE);
        routed("1.12.2", "th01", "ECG", ECG_12_LEAD);
        routed("1.12.3", "th01", "US", US_IMAGE);
        WorklistQuery all = new WorklistQuery(null, null, null, null, 0, 50);
        assertThat(f.worklist.list(radiologist, all).items()).extracting(i -> i.task().studyInstanceUid()).containsExactly("1.12.1");
        assertThat(f.worklist.list(cardiologist, all).items()).extracting(i -> i.task().studyInstanceUid()).containsExactly("1.12.2");
        assertThat(kindOf(() -> f.worklist.list(radiologist, new WorklistQuery(ServiceLine.ECG, null, null, null, 0, 50))))
                .isEqualTo(Kind.FORBIDDEN);
        Caller th01 = facilityUser("th01.clerk", "th01");
        assertThat(f.worklist.list(th01, all).items()).extracting(i -> i.task().studyInstanceUid())
                .containsExactlyInAnyOrder("1.12.2", "1.12.3");
        assertThat(kindOf(() -> f.worklist.list(th01, new WorklistQuery(null, null, "demo", null, 0, 50)))).isEqualTo(Kind.FORBIDDEN);
        long demoTask = task("1.12.1").id();
        assertThat(kindOf(() -> f.worklist.visible(th01, demoTask))).isEqualTo(Kind.NOT_FOUND);
        assertThat(kindOf(() -> f.worklist.next(th01, Set.of(), null))).isEqualTo(Kind.FORBIDDEN);
        assertThat(kindOf(() -> f.worklist.next(radiologist, Set.of(ServiceLine.ECG), null))).isEqualTo(Kind.FORBIDDEN);
        assertThat(f.worklist.list(Caller.system(), all).items()).hasSize(3);
    }

    @Test
    void aFacilityUserSeesTheTasksOnlyOfStudiesTheCatalogShowsThem() {
        Task t = routed("1.12.5", "demo", "DX", DX_IMAGE);
        routed("1.12.6", "th01", "DX", DX_IMAGE);
        f.worklist.claim(radiologist, t.id());
        f.worklist.returnForQc(radiologist, t.id(), "POSITIONING", null);
        Caller th01 = facilityUser("th01.clerk", "th01");
        WorklistQuery returned = new WorklistQuery(null, null, null, Set.of(TaskState.RETURNED_FOR_QC, TaskState.SCHEDULED), 0, 50);
        assertThat(f.worklist.list(th01, returned).items()).extracting(i -> i.task().studyInstanceUid()).containsExactly("1.12.6");

        // The task's copy of the facility is wrong (the study is demo's): the catalog still shows th01 nothing of demo's patient.
        JdbcClient.create(f.dataSource).sql("UPDATE reading_task SET facility_id = 'th01' WHERE id = ?").param(t.id()).update();
        assertThat(f.worklist.list(th01, returned).items()).extracting(i -> i.task().studyInstanceUid()).containsExactly("1.12.6");
        assertThat(f.worklist.qcReturns(th01, "th01", 0, 10)).isEmpty();
        assertThat(f.worklist.qcReturns(Caller.system(), "th01", 0, 10)).singleElement()
                .satisfies(i -> assertThat(i.patientId()).isEqualTo("P-1.12.5"));
    }

    @Test
    void theStartUpScanRoutesEveryWaitingStudyAcrossCatalogPages() {
        int studies = 501; // more than one page of the catalog and of the task lookup
        for (int i = 0; i < studies; i++) {
            f.instance("1.16." + i, 1, "demo", "DX", DX_IMAGE, "S" + i);
        }
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(f.router.scan()).isEqualTo(studies);
        StudyRouter restarted = new StudyRouter(f.dataSource, f.catalog, f.clock, f.settings, f.worklist);
        assertThat(restarted.scan()).as("every study has its task").isZero();
        assertThat(JdbcClient.create(f.dataSource).sql("SELECT COUNT(DISTINCT study_uid) FROM reading_task").query(Long.class).single())
                .isEqualTo(studies);
    }

    @Test
    void worklistIsSortedByPriorityThenDueThenArrivalAndPaged() {
        f.instance("1.13.1", 1, "th02", "DX", DX_IMAGE, "Q1"); // CHECKUP
        f.clock.advance(Duration.ofMinutes(1));
        f.instance("1.13.2", 1, "demo", "DX", DX_IMAGE, "Q2"); // OUTPATIENT
        f.clock.advance(Duration.ofMinutes(1));
        f.instance("1.13.3", 1, "th01", "DX", DX_IMAGE, "Q3"); // INPATIENT
        f.instance("1.13.4", 1, "demo", "DX", DX_IMAGE, "Q4");
        f.router.hint("1.13.4", Priority.STAT, false, "急诊");
        f.clock.advance(Duration.ofMinutes(2));
        f.router.scan();
        List<String> order = new ArrayList<>();
        for (int page = 0; ; page++) {
            WorklistPage p = f.worklist.list(radiologist, new WorklistQuery(ServiceLine.RADIOLOGY, null, null, null, page, 3));
            p.items().forEach(i -> order.add(i.task().studyInstanceUid()));
            if (!p.hasMore()) {
                break;
            }
        }
        assertThat(order).containsExactly("1.13.4", "1.13.3", "1.13.2", "1.13.1");
        assertThat(f.worklist.list(radiologist, new WorklistQuery(null, Priority.INPATIENT, null, null, 0, 10)).items())
                .extracting(i -> i.task().studyInstanceUid()).containsExactly("1.13.3");
        assertThat(f.worklist.list(radiologist, new WorklistQuery(null, null, null, null, 0, 10)).items().get(0).patientName())
                .isEqualTo("张^三");
    }

    // ------------------------------------------------------------ priors

    @Test
    void priorsAreThePatientsOtherStudiesNewestFirstNotAnotherFacilitysPatientWithTheSameLocalId() {
        f.instance("1.14.1", 1, "th01", "DX", DX_IMAGE, "SAME"); // the same local ID at another facility: another person
        f.clock.advance(Duration.ofDays(30));
        f.instance("1.14.2", 1, "demo", "US", US_IMAGE, "SAME");
        f.clock.advance(Duration.ofDays(30));
        f.instance("1.14.3", 1, "demo", "DX", DX_IMAGE, "SAME"); // current
        f.instance("1.14.9", 1, "demo", "DX", DX_IMAGE, "SOMEONE_ELSE");
        f.clock.advance(Duration.ofMinutes(1));
        f.router.scan();
        assertThat(f.priors.of("1.14.3", radiologist)).extracting(Priors.Prior::studyInstanceUid).containsExactly("1.14.2");
        assertThat(f.priors.of("1.14.1", radiologist)).isEmpty();
        Priors.Prior us = f.priors.of("1.14.3", radiologist).get(0);
        assertThat(us.modalities()).containsExactly("US");
        assertThat(us.taskState()).isEqualTo(TaskState.SCHEDULED);
        assertThat(us.serviceLine()).isEqualTo(ServiceLine.ULTRASOUND);
        assertThat(f.priors.of("1.14.3", facilityUser("demo.clerk", "demo"))).extracting(Priors.Prior::studyInstanceUid)
                .containsExactly("1.14.2");
    }

    @Test
    void priorsAcrossFacilitiesOnlyThroughAValidResidentIdOrAnAdministratorsLink() {
        f.instance("1.15.1", 1, "th01", "DX", DX_IMAGE, "T0001", '0', null, "110105197001010011"); // a man born 1970-01-01, as the fixture's patients
        f.clock.advance(Duration.ofDays(30));
        f.instance("1.15.2", 1, "demo", "DX", DX_IMAGE, "D0042", '0', null, "110105197001010011");
        f.instance("1.15.3", 1, "demo", "DX", DX_IMAGE, "D0043", '0', null, "110105197001010012"); // wrong check character
        f.instance("1.15.4", 1, "th02", "DX", DX_IMAGE, "0001");
        f.clock.advance(Duration.ofMinutes(1));
        f.router.scan();

        assertThat(f.priors.of("1.15.2", radiologist)).extracting(Priors.Prior::studyInstanceUid).containsExactly("1.15.1");
        assertThat(f.priors.of("1.15.2", radiologist).get(0).taskState()).isEqualTo(TaskState.SCHEDULED);
        assertThat(f.priors.of("1.15.2", facilityUser("demo.clerk", "demo"))).as("never another facility's study").isEmpty();
        assertThat(f.priors.of("1.15.3", radiologist)).isEmpty();
        assertThat(f.catalog.study("1.15.3").orElseThrow().study().identityFlag()).isEqualTo("RESIDENT_ID_INVALID");

        PatientRef th02 = new PatientRef("th02", "0001", "HOSP");
        PatientRef demo = new PatientRef("demo", "D0043", "HOSP");
        f.catalog.linkPatients(th02, demo, "admin", "same person: ID card checked at the counter");
        assertThat(f.priors.of("1.15.4", radiologist)).extracting(Priors.Prior::studyInstanceUid).containsExactly("1.15.3");
        assertThat(f.priors.of("1.15.4", facilityUser("th02.clerk", "th02"))).isEmpty();
        f.catalog.unlinkPatients(th02, demo, "admin", "linked by mistake");
        assertThat(f.priors.of("1.15.4", radiologist)).isEmpty();
    }

    // ------------------------------------------------------------ concurrency

    @Test
    void thirtyTwoReadersCallingNextClaimEachOfAThousandTasksExactlyOnce() throws Exception {
        claimAllConcurrently(f.worklist);
    }

    /** The conditional UPDATE alone (what H2 always uses) also on PostgreSQL, where next normally adds SKIP LOCKED. */
    @Test
    void theConditionalUpdateAloneAlsoClaimsEachTaskExactlyOnce() throws Exception {
        claimAllConcurrently(new Worklist(f.dataSource, f.catalog, f.clock, f.settings, f.users, false));
    }

    private void claimAllConcurrently(Worklist worklist) throws Exception {
        WorklistFixture.seedTasks(f.dataSource, "9.1", 1000, ServiceLine.RADIOLOGY, f.clock.instant().minusSeconds(7200));
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Caller c = reader("reader" + i, ServiceLine.RADIOLOGY);
            results.add(pool.submit(() -> {
                start.await();
                int n = 0;
                while (true) {
                    var t = worklist.next(c, Set.of(ServiceLine.RADIOLOGY), null);
                    if (t.isEmpty()) {
                        return n;
                    }
                    assertThat(t.get().holder()).isEqualTo(c.username());
                    claimed.add(t.get().id());
                    n++;
                }
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> r : results) {
            total += r.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(total).isEqualTo(1000);
        assertThat(claimed).hasSize(1000);
        assertThat(new HashSet<>(claimed)).hasSize(1000);
        JdbcClient jdbc = JdbcClient.create(f.dataSource);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reading_task WHERE state = 'IN_PROGRESS' AND holder IS NOT NULL").query(Long.class).single())
                .isEqualTo(1000);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM task_event WHERE action = 'NEXT'").query(Long.class).single()).isEqualTo(1000);
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT task_id) FROM task_event WHERE action = 'NEXT'").query(Long.class).single())
                .isEqualTo(1000);
        // each holder recorded in the history is the one the task names
        Map<Long, String> holders = new java.util.HashMap<>();
        jdbc.sql("SELECT id, holder FROM reading_task").query(rs -> {
            holders.put(rs.getLong(1), rs.getString(2));
        });
        jdbc.sql("SELECT task_id, actor FROM task_event WHERE action = 'NEXT'").query(rs -> {
            assertThat(rs.getString(2)).isEqualTo(holders.get(rs.getLong(1)));
        });
        assertThat(Collections.frequency(new ArrayList<>(holders.values()), null)).isZero();
    }
}
