package org.rdc.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdc.storage.Sha256;
import org.rdc.storage.StorageException;

/** The catalog's behaviour, run against each database it must support. */
abstract class CatalogContract {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
    Catalog catalog;
    DataSource db;

    abstract DataSource dataSource();

    @BeforeEach
    void migrate() {
        db = dataSource();
        Catalog.migrate(db);
        catalog = new Catalog(db, CLOCK);
    }

    static InstanceAttributes instance(String patientId, String name, String study, String series, String sop,
                                       String modality, LocalDate date, String facility) {
        return instance(patientId, name, study, series, sop, modality, date, facility, null);
    }

    static InstanceAttributes instance(String patientId, String name, String study, String series, String sop,
                                       String modality, LocalDate date, String facility, String requestedPriority) {
        return new InstanceAttributes(patientId, "ZHUSHAN", name, "F", LocalDate.of(1958, 3, 9), study, "ACC-" + study.hashCode(),
                date, "083000", "胸部正位", series, modality, "CHEST", 1, "胸部", "1.2.840.10008.5.1.4.1.1.1.1", sop, 1,
                "1.2.840.10008.1.2.1", facility, "ZHUSHAN_DR", requestedPriority);
    }

    @Test
    void theFirstPriorityMarkingOfAStudyStands() {
        LocalDate d = LocalDate.of(2026, 11, 23);
        record(instance("P020", "丙", "1.2.9.1", "1.2.9.1.1", "1.2.9.1.1.1", "DX", d, "zhushan", null));
        assertThat(catalog.study("1.2.9.1").orElseThrow().study().requestedPriority()).isNull();
        record(instance("P020", "丙", "1.2.9.1", "1.2.9.1.1", "1.2.9.1.1.2", "DX", d, "zhushan", " 急诊 "));
        record(instance("P020", "丙", "1.2.9.1", "1.2.9.1.1", "1.2.9.1.1.3", "DX", d, "zhushan", "LOW"));
        record(instance("P020", "丙", "1.2.9.1", "1.2.9.1.1", "1.2.9.1.1.4", "DX", d, "zhushan", null));
        assertThat(catalog.study("1.2.9.1").orElseThrow().study().requestedPriority()).isEqualTo("急诊");
        assertThat(catalog.findStudies(CatalogScope.alliance(), new StudyQuery("P020", null, null, null, 0, 10)).stream()
                .filter(s -> s.studyInstanceUid().equals("1.2.9.1")).findFirst().orElseThrow().requestedPriority()).isEqualTo("急诊");
    }

    @Test
    void aLaterInstanceCorrectsThePatientAndMovesTheStudysLastArrival() {
        LocalDate d = LocalDate.of(2026, 11, 23);
        record(instance("P040", "赵^一", "1.2.10.1", "1.2.10.1.1", "1.2.10.1.1.1", "DX", d, "zhushan"));
        Catalog later = new Catalog(db, Clock.offset(CLOCK, java.time.Duration.ofMinutes(3)));
        InstanceAttributes corrected = instance("P040", "赵^壹", "1.2.10.1", "1.2.10.1.1", "1.2.10.1.1.2", "DX", d, "zhushan");
        later.record(corrected, object(corrected, "second"), false);
        StudySummary s = catalog.study("1.2.10.1").orElseThrow().study();
        assertThat(s.patientName()).isEqualTo("赵^壹");
        assertThat(s.patientSex()).isEqualTo("F");
        assertThat(s.firstReceivedAt()).isEqualTo(CLOCK.instant());
        assertThat(s.lastReceivedAt()).isEqualTo(CLOCK.instant().plusSeconds(180));

        // A later instance without name, sex or birth date changes nothing of the patient.
        InstanceAttributes bare = new InstanceAttributes("P040", "ZHUSHAN", null, null, null, "1.2.10.1", null, d, null, null,
                "1.2.10.1.1", "DX", null, 1, null, "1.2.840.10008.5.1.4.1.1.1.1", "1.2.10.1.1.3", 3, "1.2.840.10008.1.2.1",
                "zhushan", "ZHUSHAN_DR", null);
        assertThat(later.record(bare, object(bare, "third"), false)).isEqualTo(RecordOutcome.NEW);
        s = catalog.study("1.2.10.1").orElseThrow().study();
        assertThat(s.patientName()).isEqualTo("赵^壹");
        assertThat(s.patientSex()).isEqualTo("F");
        assertThat(s.patientBirthDate()).isEqualTo(LocalDate.of(1958, 3, 9));
        assertThat(s.instanceCount()).isEqualTo(3);
    }

    static StoredObject object(InstanceAttributes a, String content) {
        String sha = Sha256.of(content.getBytes());
        return new StoredObject(a.objectKey(sha), content.length(), sha, Location.SPOOL);
    }

    @Test
    void recordsPatientStudySeriesInstanceWithDecodedChineseName() {
        // 𠀀 (U+20000) is a 4-byte GB18030 character, as rare surname characters are.
        InstanceAttributes a = instance("P001", "王𠀀明^^^^", "1.2.3.1", "1.2.3.1.1", "1.2.3.1.1.1", "DX", LocalDate.of(2026, 11, 20), "zhushan");
        assertThat(catalog.record(a, object(a, "bytes-1"), false)).isEqualTo(RecordOutcome.NEW);

        StudyDetail d = catalog.study("1.2.3.1").orElseThrow();
        assertThat(d.study().patientName()).isEqualTo("王𠀀明^^^^");
        assertThat(d.study().patientId()).isEqualTo("P001");
        assertThat(d.study().issuerOfPatientId()).isEqualTo("ZHUSHAN");
        assertThat(d.study().patientBirthDate()).isEqualTo(LocalDate.of(1958, 3, 9));
        assertThat(d.study().studyDescription()).isEqualTo("胸部正位");
        assertThat(d.study().facilityId()).isEqualTo("zhushan");
        assertThat(d.study().modalities()).containsExactly("DX");
        assertThat(d.study().instanceCount()).isEqualTo(1);
        assertThat(d.study().totalBytes()).isEqualTo(7);
        assertThat(d.study().status()).isEqualTo("IN_SPOOL");
        assertThat(d.study().firstReceivedAt()).isEqualTo(CLOCK.instant());
        assertThat(d.series()).singleElement().satisfies(s -> {
            assertThat(s.modality()).isEqualTo("DX");
            assertThat(s.bodyPartExamined()).isEqualTo("CHEST");
            assertThat(s.instances()).singleElement().satisfies(i -> {
                assertThat(i.sopInstanceUid()).isEqualTo("1.2.3.1.1.1");
                assertThat(i.sha256()).isEqualTo(Sha256.of("bytes-1".getBytes()));
                assertThat(i.sourceAeTitle()).isEqualTo("ZHUSHAN_DR");
                assertThat(i.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
            });
        });
    }

    @Test
    void sameBytesAgainIsANoOpAndDifferentBytesBecomeANewVersionKeepingTheOld() {
        InstanceAttributes a = instance("P002", "李^娜", "1.2.3.2", "1.2.3.2.1", "1.2.3.2.1.1", "US", null, "zhushan");
        StoredObject v1 = object(a, "version-1");
        StoredObject v2 = object(a, "version-2, longer");

        assertThat(catalog.record(a, v1, false)).isEqualTo(RecordOutcome.NEW);
        assertThat(catalog.record(a, v1, false)).isEqualTo(RecordOutcome.DUPLICATE);
        assertThat(catalog.locate("1.2.3.2.1.1")).contains(v1);

        assertThat(catalog.record(a, v2, false)).isEqualTo(RecordOutcome.NEW_VERSION);
        assertThat(catalog.locate("1.2.3.2.1.1")).contains(v2);
        assertThat(catalog.locationOfKey(v1.objectKey())).contains(Location.SPOOL);
        InstanceSummary current = catalog.study("1.2.3.2").orElseThrow().series().get(0).instances().get(0);
        assertThat(current.earlierVersions()).isEqualTo(1);
        assertThat(current.size()).isEqualTo(v2.size());

        // A restart replaying v1 from the spool must not make it current again.
        assertThat(catalog.record(a, v1, true)).isEqualTo(RecordOutcome.DUPLICATE);
        assertThat(catalog.locate("1.2.3.2.1.1")).contains(v2);
    }

    @Test
    void markInObjectStoreMovesEveryVersionWithThatKey() {
        InstanceAttributes a = instance("P003", "赵^六", "1.2.3.3", "1.2.3.3.1", "1.2.3.3.1.1", "CR", null, "zhushan");
        StoredObject v1 = object(a, "one");
        StoredObject v2 = object(a, "two");
        catalog.record(a, v1, false);
        catalog.record(a, v2, false);

        assertThat(catalog.markInObjectStore(v1.objectKey())).isEqualTo(1);
        assertThat(catalog.locationOfKey(v1.objectKey())).contains(Location.OBJECT_STORE);
        assertThat(catalog.study("1.2.3.3").orElseThrow().study().status()).isEqualTo("IN_SPOOL");
        assertThat(catalog.markInObjectStore(v2.objectKey())).isEqualTo(1);
        assertThat(catalog.locate("1.2.3.3.1.1").orElseThrow().location()).isEqualTo(Location.OBJECT_STORE);
        assertThat(catalog.study("1.2.3.3").orElseThrow().study().status()).isEqualTo("STORED");
        assertThat(catalog.locationOfKey("dicom/none")).isEmpty();
    }

    @Test
    void findsStudiesByPatientFacilityAndDateRange() {
        record(instance("P010", "甲", "1.2.4.1", "1.2.4.1.1", "1.2.4.1.1.1", "DX", LocalDate.of(2026, 11, 1), "zhushan"));
        record(instance("P010", "甲", "1.2.4.2", "1.2.4.2.1", "1.2.4.2.1.1", "US", LocalDate.of(2026, 11, 15), "taoyuan"));
        record(instance("P011", "乙", "1.2.4.3", "1.2.4.3.1", "1.2.4.3.1.1", "ECG", LocalDate.of(2026, 11, 20), "zhushan"));
        record(instance("P011", "乙", "1.2.4.3", "1.2.4.3.2", "1.2.4.3.2.1", "DX", LocalDate.of(2026, 11, 20), "zhushan"));

        assertThat(uids(new StudyQuery("P010", null, null, null, 0, 100))).containsExactlyInAnyOrder("1.2.4.1", "1.2.4.2");
        assertThat(uids(new StudyQuery(null, "zhushan", null, null, 0, 100))).containsExactlyInAnyOrder("1.2.4.1", "1.2.4.3");
        assertThat(uids(new StudyQuery(null, null, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 20), 0, 100)))
                .containsExactlyInAnyOrder("1.2.4.2", "1.2.4.3");
        assertThat(uids(new StudyQuery(null, "zhushan", LocalDate.of(2026, 11, 2), null, 0, 100))).containsExactly("1.2.4.3");
        assertThat(uids(new StudyQuery("nobody", null, null, null, 0, 100))).isEmpty();

        StudySummary two = catalog.findStudies(CatalogScope.alliance(), new StudyQuery("P011", null, null, null, 0, 100)).get(0);
        assertThat(two.modalities()).containsExactly("DX", "ECG");
        assertThat(two.instanceCount()).isEqualTo(2);
        assertThat(catalog.findStudies(CatalogScope.alliance(), new StudyQuery(null, null, null, null, 1, 1))).hasSize(1);
    }

    @Test
    void studiesWithoutPatientIdAreNeverMergedIntoOnePatient() {
        record(instance("", "无名氏", "1.2.5.1", "1.2.5.1.1", "1.2.5.1.1.1", "DX", null, "zhushan"));
        record(instance("", "另一个", "1.2.5.2", "1.2.5.2.1", "1.2.5.2.1.1", "DX", null, "zhushan"));
        assertThat(catalog.study("1.2.5.1").orElseThrow().study().patientName()).isEqualTo("无名氏");
        assertThat(catalog.study("1.2.5.2").orElseThrow().study().patientName()).isEqualTo("另一个");
        assertThat(catalog.study("1.2.5.1").orElseThrow().study().issuerOfPatientId()).isNull();
    }

    @Test
    void concurrentInstancesOfOneNewStudyAreAllRecorded() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<RecordOutcome>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            InstanceAttributes a = instance("P020", "丙", "1.2.6.1", "1.2.6.1." + (i % 3), "1.2.6.1.9." + i, "DX", null, "zhushan");
            results.add(pool.submit(() -> catalog.record(a, object(a, "c" + a.sopInstanceUid()), false)));
        }
        for (Future<RecordOutcome> f : results) {
            assertThat(f.get()).isEqualTo(RecordOutcome.NEW);
        }
        pool.shutdown();
        StudyDetail d = catalog.study("1.2.6.1").orElseThrow();
        assertThat(d.study().instanceCount()).isEqualTo(40);
        assertThat(d.series()).hasSize(3);
    }

    @Test
    void anotherFacilitysStudySeriesOrInstanceUidIsRefusedAndNothingStoredChanges() {
        LocalDate d = LocalDate.of(2026, 11, 23);
        InstanceAttributes own = instance("P050", "王^一", "1.2.11.1", "1.2.11.1.1", "1.2.11.1.1.1", "DX", d, "zhushan");
        record(own);
        Snapshot before = snapshot("1.2.11.1");

        // taoyuan's device sends an instance into zhushan's study, series, or under its SOP Instance UID
        assertRefused(instance("P050", "李^二", "1.2.11.1", "1.2.11.2.1", "1.2.11.2.1.1", "CT", d, "taoyuan"),
                "Study Instance UID 1.2.11.1");
        assertRefused(instance("P050", "李^二", "1.2.11.9", "1.2.11.1.1", "1.2.11.9.1.1", "CT", d, "taoyuan"),
                "Series Instance UID 1.2.11.1.1");
        assertRefused(instance("P050", "李^二", "1.2.11.8", "1.2.11.8.1", "1.2.11.1.1.1", "CT", d, "taoyuan"),
                "SOP Instance UID 1.2.11.1.1.1");
        // the very same attributes and bytes from another facility are not "a duplicate" either
        InstanceAttributes copy = new InstanceAttributes(own.patientId(), own.issuerOfPatientId(), "李^二", own.patientSex(),
                own.patientBirthDate(), own.studyInstanceUid(), own.accessionNumber(), own.studyDate(), own.studyTime(),
                own.studyDescription(), own.seriesInstanceUid(), own.modality(), own.bodyPartExamined(), own.seriesNumber(),
                own.seriesDescription(), own.sopClassUid(), own.sopInstanceUid(), own.instanceNumber(), own.transferSyntaxUid(),
                "taoyuan", "TAOYUAN_DR", null);
        assertThatThrownBy(() -> catalog.record(copy, object(own, "content of " + own.sopInstanceUid()), false))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.OTHER_FACILITY));

        assertThat(snapshot("1.2.11.1")).isEqualTo(before);
        assertThat(catalog.study("1.2.11.9")).isEmpty();
        assertThat(catalog.study("1.2.11.8")).isEmpty();
        assertThat(catalog.findStudies(CatalogScope.alliance(), new StudyQuery(null, "taoyuan", null, null, 0, 10))).isEmpty();
    }

    @Test
    void withinAFacilityASeriesStaysInItsStudyAndAnInstanceInItsSeries() {
        record(instance("P051", "周^三", "1.2.12.1", "1.2.12.1.1", "1.2.12.1.1.1", "DX", null, "zhushan"));
        Snapshot before = snapshot("1.2.12.1");
        assertThatThrownBy(() -> record(instance("P051", "周^三", "1.2.12.2", "1.2.12.1.1", "1.2.12.2.1.1", "DX", null, "zhushan")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.CONFLICT))
                .hasMessageContaining("series 1.2.12.1.1 is already in study 1.2.12.1");
        assertThatThrownBy(() -> record(instance("P051", "周^三", "1.2.12.2", "1.2.12.2.1", "1.2.12.1.1.1", "DX", null, "zhushan")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.CONFLICT))
                .hasMessageContaining("instance 1.2.12.1.1.1 is already in series 1.2.12.1.1");
        assertThat(snapshot("1.2.12.1")).isEqualTo(before);
        assertThat(catalog.study("1.2.12.2")).isEmpty();
    }

    @Test
    void anAttachmentToAnotherFacilitysStudyIsRefused() {
        record(instance("P052", "吴^四", "1.2.13.1", "1.2.13.1.1", "1.2.13.1.1.1", "ECG", null, "zhushan"));
        AttachmentAttributes foreign = new AttachmentAttributes("1.2.13.1", "ECG_ANALYSIS", "analysis.json", "application/json",
                "taoyuan");
        StoredObject o = new StoredObject(foreign.objectKey(Sha256.of("{}".getBytes())), 2, Sha256.of("{}".getBytes()), Location.SPOOL);
        assertThatThrownBy(() -> catalog.recordAttachment(foreign, o))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.OTHER_FACILITY));
        assertThat(catalog.attachments("1.2.13.1", null)).isEmpty();
    }

    /** Every row of the catalog's tables as text, and one study as the API reads it. */
    record Snapshot(List<String> rows, StudyDetail study) {
    }

    private Snapshot snapshot(String studyUid) {
        List<String> rows = new ArrayList<>();
        org.springframework.jdbc.core.simple.JdbcClient jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(db);
        for (String table : List.of("patient", "study", "series", "instance", "instance_version", "attachment")) {
            jdbc.sql("SELECT * FROM " + table + " ORDER BY id").query().listOfRows()
                    .forEach(r -> rows.add(table + " " + new java.util.TreeMap<>(r)));
        }
        return new Snapshot(rows, catalog.study(studyUid).orElseThrow());
    }

    private void assertRefused(InstanceAttributes a, String named) {
        assertThatThrownBy(() -> record(a))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.OTHER_FACILITY))
                .hasMessageContaining(named)
                .satisfies(e -> assertThat(e.getMessage()).as("the sender is not told whose data it is").doesNotContain("zhushan"));
    }

    @Test
    void invalidUidsAreRefusedWithTheAttributeNamed() {
        assertThatThrownBy(() -> instance("P", "x", "1.2.abc", "1.2", "1.3", "DX", null, "f"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Study Instance UID (0020,000D) is not a valid UID");
        assertThatThrownBy(() -> instance("P", "x", "1.2", "1.2", null, "DX", null, "f"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("SOP Instance UID (0008,0018) is missing");
    }

    @Test
    void theSenderCanMarkAStudyReady() {
        record(instance("P040", "丁", "1.2.8.1", "1.2.8.1.1", "1.2.8.1.1.1", "DX", null, "zhushan"));
        assertThat(catalog.readiness("1.2.8.1")).isEmpty();
        assertThat(catalog.markReady("1.2.8.1", "STORAGE_COMMITMENT")).isTrue();
        assertThat(catalog.readiness("1.2.8.1")).contains(java.util.Map.entry(CLOCK.instant(), "STORAGE_COMMITMENT"));
        assertThat(catalog.markReady("9.9.9", "STOW_RS")).isFalse();
    }

    @Test
    void attachmentsAreRecordedOncePerContentAndFollowTheirBytes() {
        AttachmentAttributes ecg = new AttachmentAttributes("1.2.9.1", "ECG_ORIGINAL", "ecg.scp", "application/octet-stream", "zhushan");
        StoredObject o = new StoredObject(ecg.objectKey(Sha256.of("scp".getBytes())), 3, Sha256.of("scp".getBytes()), Location.SPOOL);
        assertThat(catalog.recordAttachment(ecg, o)).isTrue();
        assertThat(catalog.recordAttachment(ecg, o)).as("the same upload again").isFalse();
        AttachmentAttributes png = new AttachmentAttributes("1.2.9.1", "ECG_RENDER", "3x4.png", "image/png", "zhushan");
        catalog.recordAttachment(png, new StoredObject(png.objectKey(Sha256.of("png".getBytes())), 3, Sha256.of("png".getBytes()), Location.SPOOL));

        assertThat(catalog.attachments("1.2.9.1", null)).extracting(AttachmentSummary::kind).containsExactly("ECG_ORIGINAL", "ECG_RENDER");
        assertThat(catalog.attachments("1.2.9.1", "ECG_RENDER")).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("3x4.png");
            assertThat(a.contentType()).isEqualTo("image/png");
            assertThat(a.location()).isEqualTo(Location.SPOOL);
        });
        assertThat(catalog.markInObjectStore(o.objectKey())).isEqualTo(1);
        assertThat(catalog.locationOfKey(o.objectKey())).contains(Location.OBJECT_STORE);
        assertThat(catalog.attachments("1.2.9.2", null)).isEmpty();
        assertThat(AttachmentAttributes.fromBytes(ecg.toBytes())).isEqualTo(ecg);
        assertThat(AttachmentAttributes.isAttachment(ecg.toBytes())).isTrue();
        assertThat(AttachmentAttributes.isAttachment(instance("P", "x", "1.2", "1.2.1", "1.2.1.1", "DX", null, "f").toBytes())).isFalse();
    }

    @Test
    void attributesSurviveTheirSpoolEncoding() {
        InstanceAttributes a = instance("P030", "孙^悟空=ソン^ゴクウ", "1.2.7.1", "1.2.7.1.1", "1.2.7.1.1.1", "DX", LocalDate.of(2026, 1, 2), "zhushan");
        assertThat(InstanceAttributes.fromBytes(a.toBytes())).isEqualTo(a);
    }

    // ------------------------------------------------------------ scoped reads (issue 11 point 3)

    @Test
    void aFacilityScopeFindsOnlyThatFacilitysStudiesAndInstances() {
        LocalDate d = LocalDate.of(2026, 11, 23);
        record(instance("P050", "钱^一", "1.2.11.1", "1.2.11.1.1", "1.2.11.1.1.1", "DX", d, "zhushan"));
        record(instance("P050", "钱^一", "1.2.11.2", "1.2.11.2.1", "1.2.11.2.1.1", "US", d, "taoyuan"));
        CatalogScope zhushan = CatalogScope.facility("zhushan");
        CatalogScope alliance = CatalogScope.alliance();

        assertThat(catalog.study(zhushan, "1.2.11.1")).isPresent();
        assertThat(catalog.study(zhushan, "1.2.11.2")).as("another facility's study is not found").isEmpty();
        assertThat(catalog.study(alliance, "1.2.11.2")).isPresent();

        assertThat(catalog.findStudies(zhushan, new StudyQuery("P050", null, null, null, 0, 10)))
                .extracting(StudySummary::studyInstanceUid).containsExactly("1.2.11.1");
        assertThat(catalog.findStudies(zhushan, new StudyQuery(null, "taoyuan", null, null, 0, 10))).isEmpty();
        assertThat(catalog.findStudies(alliance, new StudyQuery("P050", null, null, null, 0, 10)))
                .extracting(StudySummary::studyInstanceUid).containsExactlyInAnyOrder("1.2.11.1", "1.2.11.2");

        assertThat(catalog.locate(zhushan, "1.2.11.1.1.1")).isPresent();
        assertThat(catalog.locate(zhushan, "1.2.11.2.1.1")).isEmpty();
        assertThat(catalog.locate(alliance, "1.2.11.2.1.1")).isEqualTo(catalog.locate("1.2.11.2.1.1"));

        assertThat(catalog.headers(zhushan, List.of("1.2.11.1", "1.2.11.2", "9.9.9"))).containsOnlyKeys("1.2.11.1");
        assertThat(catalog.headers(alliance, List.of("1.2.11.1", "1.2.11.2", "9.9.9"))).containsOnlyKeys("1.2.11.1", "1.2.11.2");
        assertThat(catalog.arrivalsSince(zhushan, CLOCK.instant())).extracting(StudyArrival::studyInstanceUid)
                .containsExactly("1.2.11.1");
        assertThat(catalog.arrivals(zhushan, null, 10)).extracting(StudyArrival::studyInstanceUid).containsExactly("1.2.11.1");
        assertThat(catalog.composition(zhushan, "1.2.11.2").parts()).isEmpty();
        assertThat(catalog.composition(alliance, "1.2.11.2").instances()).isEqualTo(1);

        InstanceAttributes again = instance("P050", "钱^一", "1.2.11.2", "1.2.11.2.1", "1.2.11.2.1.1", "US", d, "taoyuan");
        new Catalog(db, Clock.offset(CLOCK, java.time.Duration.ofMinutes(1))).record(again, object(again, "other bytes"), false);
        assertThat(catalog.versionsReplacedSince(zhushan, "1.2.11.2", CLOCK.instant())).isZero();
        assertThat(catalog.versionsReplacedSince(alliance, "1.2.11.2", CLOCK.instant())).isEqualTo(1);
    }

    @Test
    void headersAreTheListRowOfEachStudyInOneQuery() {
        LocalDate d = LocalDate.of(2026, 11, 21);
        record(instance("P060", "孙^二", "1.2.12.1", "1.2.12.1.1", "1.2.12.1.1.1", "DX", d, "zhushan"));
        record(instance("", "无名氏", "1.2.12.2", "1.2.12.2.1", "1.2.12.2.1.1", "DX", d, "zhushan"));
        assertThat(catalog.headers(CatalogScope.alliance(), List.of())).isEmpty();
        var headers = catalog.headers(CatalogScope.facility("zhushan"), List.of("1.2.12.1", "1.2.12.2"));
        assertThat(headers.get("1.2.12.1")).isEqualTo(new StudyHeader("1.2.12.1", "zhushan", "P060", "ZHUSHAN", "孙^二", "F",
                LocalDate.of(1958, 3, 9), "ACC-" + "1.2.12.1".hashCode(), d, "胸部正位"));
        assertThat(headers.get("1.2.12.2").patientId()).as("no Patient ID was sent").isNull();
        assertThat(headers.get("1.2.12.2").issuerOfPatientId()).isNull();
        assertThat(headers.get("1.2.12.2").patientName()).isEqualTo("无名氏");
    }

    @Test
    void arrivalsAreTheStudiesReceivedOrMarkedReadySinceAndAllOfThemPageByPage() {
        record(instance("P070", "周^三", "1.2.13.1", "1.2.13.1.1", "1.2.13.1.1.1", "DX", null, "zhushan", "STAT"));
        record(instance("P070", "周^三", "1.2.13.2", "1.2.13.2.1", "1.2.13.2.1.1", "DX", null, "zhushan"));
        record(instance("P070", "周^三", "1.2.13.3", "1.2.13.3.1", "1.2.13.3.1.1", "DX", null, "taoyuan"));
        Instant later = CLOCK.instant().plusSeconds(60);
        Catalog atLater = new Catalog(db, Clock.fixed(later, ZoneOffset.UTC));
        atLater.markReady("1.2.13.1", "STORAGE_COMMITMENT");
        InstanceAttributes late = instance("P070", "周^三", "1.2.13.3", "1.2.13.3.1", "1.2.13.3.1.2", "DX", null, "taoyuan");
        atLater.record(late, object(late, "late"), false);

        assertThat(catalog.arrivalsSince(CatalogScope.alliance(), later)).extracting(StudyArrival::studyInstanceUid)
                .containsExactly("1.2.13.1", "1.2.13.3");
        assertThat(catalog.arrivalsSince(CatalogScope.alliance(), later).get(0)).isEqualTo(new StudyArrival("1.2.13.1", "zhushan",
                CLOCK.instant(), CLOCK.instant(), later, "STORAGE_COMMITMENT", "STAT"));
        assertThat(catalog.arrivalsSince(CatalogScope.alliance(), CLOCK.instant())).hasSize(3);

        List<StudyArrival> first = catalog.arrivals(CatalogScope.alliance(), null, 2);
        assertThat(first).extracting(StudyArrival::studyInstanceUid).containsExactly("1.2.13.1", "1.2.13.2");
        assertThat(catalog.arrivals(CatalogScope.alliance(), "1.2.13.2", 2)).extracting(StudyArrival::studyInstanceUid)
                .containsExactly("1.2.13.3");
        assertThat(catalog.arrivals(CatalogScope.alliance(), "1.2.13.3", 2)).isEmpty();
    }

    @Test
    void theCompositionCountsInstancesByModalityAndSopClassLargestFirst() {
        record(instance("P080", "吴^四", "1.2.14.1", "1.2.14.1.1", "1.2.14.1.1.1", "DX", null, "zhushan"));
        record(instance("P080", "吴^四", "1.2.14.1", "1.2.14.1.2", "1.2.14.1.2.1", "PR", null, "zhushan"));
        record(instance("P080", "吴^四", "1.2.14.1", "1.2.14.1.2", "1.2.14.1.2.2", "PR", null, "zhushan"));
        StudyComposition c = catalog.composition(CatalogScope.alliance(), "1.2.14.1");
        assertThat(c.parts()).containsExactly(new StudyComposition.Part("PR", "1.2.840.10008.5.1.4.1.1.1.1", 2),
                new StudyComposition.Part("DX", "1.2.840.10008.5.1.4.1.1.1.1", 1));
        assertThat(c.instances()).isEqualTo(3);
        assertThat(catalog.composition(CatalogScope.alliance(), "9.9.9").instances()).isZero();
    }

    private void record(InstanceAttributes a) {
        catalog.record(a, object(a, "content of " + a.sopInstanceUid()), false);
    }

    private List<String> uids(StudyQuery q) {
        return catalog.findStudies(CatalogScope.alliance(), q).stream().map(StudySummary::studyInstanceUid).toList();
    }
}
