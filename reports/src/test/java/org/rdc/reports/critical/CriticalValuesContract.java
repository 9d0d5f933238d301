package org.rdc.reports.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdc.reports.ReportException;
import org.rdc.reports.critical.CriticalNotification.Channel;
import org.rdc.reports.critical.CriticalNotification.DispatchState;
import org.rdc.reports.critical.CriticalNotification.State;
import org.rdc.reports.critical.CriticalNotification.StepKind;
import org.rdc.reports.delivery.Hl7Receiver;
import org.rdc.reports.delivery.Mllp;
import org.rdc.reports.lifecycle.Actor;
import org.rdc.reports.lifecycle.ReportPolicy;
import org.rdc.reports.lifecycle.ReportsFixture;
import org.rdc.reports.model.Report;
import org.rdc.reports.model.ReportContent;
import org.rdc.reports.model.Sections;
import org.rdc.storage.MutableClock;
import org.rdc.storage.catalog.Catalog;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The closed loop of critical values on a real database: raised once per source, sent by HL7 to a
 * HAPI MLLP receiver and by a signed webhook to a local HTTP server, acknowledged by a named user,
 * escalated when the clock passes the deadline.
 */
abstract class CriticalValuesContract {

    static final String SECRET = "a-facility-webhook-secret-of-32+chars";
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Five attempts 100 ms to 500 ms apart. */
    static final JobOutbox.Retry FAST = new JobOutbox.Retry(5, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(10));

    protected abstract DataSource freshDatabase();

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T01:00:00Z"));
    final Map<String, CriticalTargets.Targets> targets = new ConcurrentHashMap<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    DataSource db;
    JobOutbox jobs;
    CriticalValues values;
    JobWorkers workers;
    Hl7Receiver hl7;
    WebhookReceiver webhook;

    final CriticalTargets lookup = new CriticalTargets() {
        @Override
        public Targets of(String facilityId) {
            return targets.getOrDefault(facilityId, Targets.NONE);
        }

        @Override
        public String webhookSecret(String facilityId) {
            return facilityId.equals("th01") ? SECRET : null;
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        db = freshDatabase();
        Catalog.migrate(db);
        // the outbox on the wall clock so that retries come due; the loop's own times on the test's clock
        jobs = new JobOutbox(db, Clock.systemUTC());
        values = new CriticalValues(db, jobs, lookup, CriticalDeadlines.DEFAULT, "陈主任 (chen.senior)", clock);
        hl7 = new Hl7Receiver();
        webhook = new WebhookReceiver();
        targets.put("th01", new CriticalTargets.Targets(
                List.of(new CriticalTargets.Target(Channel.HL7, "127.0.0.1:" + hl7.port),
                        new CriticalTargets.Target(Channel.WEBHOOK, webhook.url("/critical"))),
                List.of(new CriticalTargets.Target(Channel.WEBHOOK, webhook.url("/escalation"))),
                new CriticalNotification.Contact("王院长", "0710-1234567")));
    }

    @AfterEach
    void tearDown() {
        if (workers != null) {
            workers.close(Duration.ofSeconds(5));
        }
        hl7.close();
        webhook.close();
    }

    void startWorkers() {
        workers = CriticalDispatchWorker.start(jobs, values, lookup, "RDC_CENTRE", ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(5), FAST, 1,
                Duration.ofMillis(50), meters, clock);
    }

    static CriticalAlert ecg(String study) {
        return CriticalAlert.ecg("th01", study, "P0001", "张三", "SUSPECTED_STEMI", "疑似 ST 段抬高型心肌梗死 Suspected STEMI");
    }

    void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anAlertRaisesExactlyOneNotificationAcrossRetriesAndRestarts() {
        CriticalNotification first = values.raise(ecg("1.2.3.100"));
        assertThat(first.state()).isEqualTo(State.OPEN);
        assertThat(first.raisedAt()).isEqualTo(clock.instant());
        assertThat(first.deadlineAt()).as("ECG: 10 minutes").isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(first.steps()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StepKind.RAISED);
            assertThat(s.channel()).isEqualTo(Channel.API);
        });
        assertThat(first.dispatches()).extracting(CriticalNotification.Dispatch::channel).containsExactly(Channel.HL7, Channel.WEBHOOK);

        clock.advance(Duration.ofMinutes(1));
        assertThat(values.raise(ecg("1.2.3.100"))).as("the same analysis again").isEqualTo(first);
        CriticalValues restarted = new CriticalValues(db, jobs, lookup, CriticalDeadlines.DEFAULT, null, clock);
        assertThat(restarted.raise(ecg("1.2.3.100")).id()).as("after a restart").isEqualTo(first.id());
        assertThat(values.list(null, Set.of(), 0, 100)).hasSize(1);
        assertThat(jobs.count(CriticalValues.KIND, JobOutbox.State.PENDING)).as("one message per channel, once").isEqualTo(2);

        CriticalNotification imaging = values.raise(new CriticalAlert(CriticalNotification.Source.REPORT, "report/7/v1", "th01", "1.2.3.101",
                "P0002", "李四", "RADIOLOGY", "PNEUMOTHORAX_TENSION", "右侧张力性气胸", 7L, 1));
        assertThat(imaging.deadlineAt()).as("imaging: 30 minutes").isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(values.raise(new CriticalAlert(CriticalNotification.Source.REPORT, "report/7/v2", "th01", "1.2.3.101", "P0002", "李四",
                "RADIOLOGY", "PNEUMOTHORAX_TENSION", "更正", 7L, 2)).id()).as("a new version is a new notification").isNotEqualTo(imaging.id());
    }

    @Test
    void theSameAlertRaisedAtOnceFromSeveralThreadsIsOneNotification() throws Exception {
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 15; round++) {
                CriticalAlert alert = ecg("1.2.3.2" + round);
                CyclicBarrier together = new CyclicBarrier(threads);
                List<Future<Long>> raised = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    raised.add(pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return values.raise(alert).id();
                    }));
                }
                Set<Long> ids = new HashSet<>();
                for (Future<Long> f : raised) {
                    ids.add(f.get(30, TimeUnit.SECONDS));
                }
                assertThat(ids).as("round " + round).hasSize(1);
                assertThat(values.find(ids.iterator().next()).orElseThrow().steps()).as("round " + round)
                        .extracting(CriticalNotification.Step::kind).containsExactly(StepKind.RAISED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(values.list(null, Set.of(), 0, 100)).hasSize(15);
        assertThat(jobs.count(CriticalValues.KIND, JobOutbox.State.PENDING)).as("one message per channel per alert").isEqualTo(30);
    }

    @Test
    void aReportReleasedWithTheCriticalFlagRaisesOneNotificationForItsVersion() {
        ReportsFixture f = new ReportsFixture(db, ReportPolicy.parse(""), new CriticalRelease(values));
        Actor li = new Actor("li.radiology", "李医生", false);
        f.holders.put(40L, li.username());
        Report stat = f.reports.create(li, ReportsFixture.subject(40, "1.2.3.40", "th01", "RADIOLOGY", true, "DX", "胸部正位"), null);
        ObjectNode fields = (ObjectNode) JSON.readTree("{\"projection\":\"PA\",\"imageQuality\":\"GOOD\",\"cardiothoracicRatio\":0.45}");
        f.reports.save(li, stat.id(), 0, new ReportContent(new Sections("右侧胸腔大量积气。", "右侧张力性气胸。", ""), fields, true,
                "PNEUMOTHORAX_TENSION"));
        f.reports.releasePreliminary(li, stat.id());
        List<CriticalNotification> raised = values.list("th01", Set.of(State.OPEN), 0, 10);
        assertThat(raised).singleElement().satisfies(n -> {
            assertThat(n.source()).isEqualTo(CriticalNotification.Source.REPORT);
            assertThat(n.sourceKey()).isEqualTo("report/" + stat.id() + "/v1");
            assertThat(n.reportId()).isEqualTo(stat.id());
            assertThat(n.reportVersion()).isEqualTo(1);
            assertThat(n.category()).isEqualTo("PNEUMOTHORAX_TENSION");
            assertThat(n.summary()).isEqualTo("右侧张力性气胸。");
            assertThat(n.studyInstanceUid()).isEqualTo("1.2.3.40");
            assertThat(n.patientId()).isEqualTo("P40");
        });
        f.reports.sign(li, stat.id(), false);
        assertThat(values.list(null, Set.of(), 0, 10)).as("the FINAL of the same version raises nothing new").hasSize(1);

        f.holders.put(41L, li.username());
        Report normal = f.reports.create(li, ReportsFixture.subject(41, "1.2.3.41", "th01", "RADIOLOGY", false, "DX", "胸部正位"), null);
        f.reports.save(li, normal.id(), 0, new ReportContent(new Sections("心肺未见异常。", "正常胸片。", ""), fields, false, null));
        f.reports.sign(li, normal.id(), false);
        assertThat(values.list(null, Set.of(), 0, 10)).as("a report not flagged critical raises none").hasSize(1);
    }

    @Test
    void hl7AndTheSignedWebhookReachTheFacilityAndEachIsAStep() throws Exception {
        startWorkers();
        CriticalNotification n = values.raise(ecg("1.2.3.200"));
        waitFor(() -> values.find(n.id()).orElseThrow().dispatches().stream().allMatch(d -> d.state() == DispatchState.SENT), "both sent");

        // HL7 v2.5.1 ORU^R01 with the critical abnormal flag
        assertThat(hl7.received).hasSize(1);
        ORU_R01 m = new ORU_R01();
        m.setParser(Mllp.hapi().getPipeParser());
        m.parse(hl7.received.get(0));
        CriticalNotification.Dispatch hl7Dispatch = n.dispatches().get(0);
        assertThat(m.getMSH().getMessageControlID().getValue()).isEqualTo("RDCC" + hl7Dispatch.id());
        assertThat(m.getMSH().getVersionID().getVersionID().getValue()).isEqualTo("2.5.1");
        assertThat(m.getPATIENT_RESULT().getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().getValue()).isEqualTo("P0001");
        var obx = m.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATION(0).getOBX();
        assertThat(obx.getAbnormalFlags(0).getValue()).isEqualTo("AA");
        assertThat(obx.getObservationIdentifier().getIdentifier().getValue()).isEqualTo("SUSPECTED_STEMI");
        assertThat(obx.getObservationValue(0).getData().encode()).contains("Suspected STEMI");
        assertThat(obx.getObservationResultStatus().getValue()).as("an automatic analysis is not verified").isEqualTo("R");
        assertThat(m.getPATIENT_RESULT().getORDER_OBSERVATION().getNTE(0).getComment(0).getValue()).contains("前确认");

        // the webhook, verified as a receiver would: HMAC-SHA256 over "t.body" with the facility's secret
        assertThat(webhook.received).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/critical");
            assertThat(r.header("X-RDC-Event")).isEqualTo("critical-value.raised");
            assertThat(verified(r)).isTrue();
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("event").asString()).isEqualTo("critical-value.raised");
            assertThat(body.get("id").asLong()).isEqualTo(n.id());
            assertThat(body.get("studyInstanceUid").asString()).isEqualTo("1.2.3.200");
            assertThat(body.get("deadlineAt").asString()).isEqualTo("2026-12-04T01:10:00Z");
            assertThat(body.has("steps")).isFalse();
            // one changed byte and the signature no longer holds
            byte[] tampered = r.body().clone();
            tampered[tampered.length - 2] ^= 1;
            assertThat(verified(new WebhookReceiver.Request(r.path(), r.headers(), tampered))).isFalse();
        });
        CriticalNotification after = values.find(n.id()).orElseThrow();
        assertThat(after.steps()).extracting(CriticalNotification.Step::kind, CriticalNotification.Step::channel)
                .contains(org.assertj.core.groups.Tuple.tuple(StepKind.SENT, Channel.HL7),
                        org.assertj.core.groups.Tuple.tuple(StepKind.SENT, Channel.WEBHOOK));
        assertThat(meters.get("rdc.critical.dispatches").tag("channel", "webhook").tag("outcome", "sent").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("rdc.critical.values").tag("state", "open").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void aWebhookThatIsDownIsRetriedUntilItAnswers() throws Exception {
        targets.put("th01", new CriticalTargets.Targets(List.of(new CriticalTargets.Target(Channel.WEBHOOK, webhook.url("/critical"))),
                List.of(), null));
        webhook.answer = 503;
        startWorkers();
        CriticalNotification n = values.raise(ecg("1.2.3.300"));
        waitFor(() -> webhook.received.size() >= 2, "two refused attempts");
        assertThat(values.find(n.id()).orElseThrow().dispatches().get(0).state()).isEqualTo(DispatchState.RETRYING);
        webhook.answer = 200;
        waitFor(() -> values.find(n.id()).orElseThrow().dispatches().get(0).state() == DispatchState.SENT, "sent");
        assertThat(webhook.received).extracting(r -> r.header("X-RDC-Delivery")).as("the same key on every attempt").containsOnly(
                "critical-dispatch-" + n.dispatches().get(0).id());
        assertThat(webhook.received).allSatisfy(r -> assertThat(verified(r)).isTrue());
    }

    @Test
    void aNamedUserAcknowledgesOnceAndASecondAcknowledgementIsAConflict() {
        CriticalNotification n = values.raise(ecg("1.2.3.400"));
        clock.advance(Duration.ofMinutes(4));
        CriticalNotification ack = values.acknowledge(n.id(), "clinic1", "赵护士", "值班医生 刘医生", "已电话通知");
        assertThat(ack.state()).isEqualTo(State.ACKNOWLEDGED);
        assertThat(ack.late()).isFalse();
        assertThat(ack.acknowledgement()).isEqualTo(new CriticalNotification.Acknowledgement(clock.instant(), "clinic1", "赵护士",
                "值班医生 刘医生", "已电话通知"));
        assertThat(ack.steps()).last().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StepKind.ACKNOWLEDGED);
            assertThat(s.actor()).isEqualTo("clinic1");
            assertThat(s.at()).isEqualTo(clock.instant());
        });
        assertThatThrownBy(() -> values.acknowledge(n.id(), "clinic1b", "钱医生", null, null))
                .isInstanceOfSatisfying(ReportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ReportException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo("critical-acknowledged");
                    assertThat(e.getMessage()).contains("clinic1");
                });
        assertThat(values.find(n.id()).orElseThrow()).as("nothing changed").isEqualTo(ack);
        clock.advance(Duration.ofHours(1));
        assertThat(values.escalateOverdue()).as("an acknowledged one is never escalated").isZero();
        assertThatThrownBy(() -> values.acknowledge(999_999, "clinic1", "x", null, null)).isInstanceOf(ReportException.class)
                .hasMessageContaining("no critical value");
    }

    @Test
    void whenTheDeadlinePassesItIsLateAndEscalatedToTheSecondContactAndTheCentre() throws Exception {
        startWorkers();
        CriticalNotification ecgValue = values.raise(ecg("1.2.3.500"));
        CriticalNotification imaging = values.raise(new CriticalAlert(CriticalNotification.Source.REPORT, "report/9/v1", "th01", "1.2.3.501",
                "P0003", "王五", "ULTRASOUND", "AORTIC_DISSECTION", "主动脉夹层", 9L, 1));
        clock.advance(Duration.ofMinutes(9));
        assertThat(values.escalateOverdue()).isZero();
        clock.advance(Duration.ofMinutes(1));  // the ECG's 10 minutes are up, the imaging 30 are not
        assertThat(values.escalateOverdue()).isEqualTo(1);
        assertThat(values.escalateOverdue()).as("escalated once").isZero();

        CriticalNotification late = values.find(ecgValue.id()).orElseThrow();
        assertThat(late.state()).isEqualTo(State.LATE);
        assertThat(late.late()).isTrue();
        assertThat(late.escalatedAt()).isEqualTo(clock.instant());
        assertThat(late.escalationContact()).isEqualTo(new CriticalNotification.Contact("王院长", "0710-1234567"));
        assertThat(late.steps()).filteredOn(s -> s.kind() == StepKind.ESCALATED).singleElement().satisfies(s -> {
            assertThat(s.at()).isEqualTo(clock.instant());
            assertThat(s.detail()).contains("王院长").contains("0710-1234567").contains("陈主任");
        });
        assertThat(values.find(imaging.id()).orElseThrow().state()).isEqualTo(State.OPEN);
        assertThat(values.list(null, Set.of(State.OPEN, State.LATE), 0, 10)).extracting(CriticalNotification::id)
                .containsExactly(imaging.id(), ecgValue.id());
        assertThat(values.list(null, Set.of(State.LATE), 0, 10)).extracting(CriticalNotification::id).containsExactly(ecgValue.id());
        assertThat(values.list("th02", Set.of(State.LATE), 0, 10)).isEmpty();
        assertThat(values.count(null, State.LATE)).isEqualTo(1);

        waitFor(() -> webhook.received.stream().anyMatch(r -> r.path().equals("/escalation")), "the escalation webhook");
        WebhookReceiver.Request esc = webhook.received.stream().filter(r -> r.path().equals("/escalation")).findFirst().orElseThrow();
        assertThat(esc.header("X-RDC-Event")).isEqualTo("critical-value.escalated");
        assertThat(verified(esc)).isTrue();
        assertThat(JSON.readTree(esc.body()).get("escalationContact").get("name").asString()).isEqualTo("王院长");

        // acknowledged after the deadline: ACKNOWLEDGED, and still marked late
        clock.advance(Duration.ofMinutes(2));
        CriticalNotification ack = values.acknowledge(ecgValue.id(), "clinic1", "赵护士", null, null);
        assertThat(ack.state()).isEqualTo(State.ACKNOWLEDGED);
        assertThat(ack.late()).isTrue();
        // the escalation's dispatches run on the workers and may still record SENT after the acknowledgement
        assertThat(ack.steps()).extracting(CriticalNotification.Step::kind)
                .filteredOn(k -> k != StepKind.SENT && k != StepKind.FAILED)
                .containsExactly(StepKind.RAISED, StepKind.ESCALATED, StepKind.ACKNOWLEDGED);
    }

    /** What a facility's receiver does with a webhook (the README's recipe), written independently of the sender. */
    static boolean verified(WebhookReceiver.Request r) {
        String header = r.header("X-RDC-Signature");
        String t = header.replaceAll("^t=(\\d+),v1=[0-9a-f]{64}$", "$1");
        String v1 = header.replaceAll("^t=\\d+,v1=([0-9a-f]{64})$", "$1");
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300 * 100_000L) {
            return false;  // the test's clock is not the wall clock; a receiver allows 5 minutes
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(r.body());
            return java.security.MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
