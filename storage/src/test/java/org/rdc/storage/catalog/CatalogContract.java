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

    /** A stored instance like {@link #instance}, with its own series and instance numbers. */
    static InstanceAttributes numbered(String study, String series, int seriesNumber, String sop, int instanceNumber, String facility) {
        return new InstanceAttributes("P060", "ZHUSHAN", "孙^七", "F", LocalDate.of(1958, 3, 9), study, "ACC-" + study.hashCode(),
                LocalDate.of(2026, 11, 23), "083000", "胸部 CT", series, "CT", "CHEST", seriesNumber, "胸部", "1.2.840.10008.5.1.4.1.1.2",
                sop, instanceNumber, "1.2.840.10008.1.2.1", facility, "ZHUSHAN_CT", null);
    }

    @Test
    void theInstancesOfAStudySeriesOrInstanceComeWithTheirCurrentVersionsInOneList() {
        InstanceAttributes s2i2 = numbered("1.2.13", "1.2.13.2", 2, "1.2.13.2.2", 2, "zhushan");
        InstanceAttributes s2i1 = numbered("1.2.13", "1.2.13.2", 2, "1.2.13.2.1", 1, "zhushan");
        InstanceAttributes s1i1 = numbered("1.2.13", "1.2.13.1", 1, "1.2.13.1.1", 1, "zhushan");
        record(s2i2);
        record(s2i1);
        record(s1i1);
        StoredObject replaced = object(s2i1, "the second version of 1.2.13.2.1");
        catalog.record(s2i1, replaced, false);
        CatalogScope zhushan = CatalogScope.facility("zhushan");

        List<LocatedInstance> study = catalog.instances(zhushan, "1.2.13", null, null);
        assertThat(study).extracting(LocatedInstance::sopInstanceUid).as("series by number, then instances by number")
                .containsExactly("1.2.13.1.1", "1.2.13.2.1", "1.2.13.2.2");
        assertThat(study).extracting(LocatedInstance::seriesInstanceUid).containsExactly("1.2.13.1", "1.2.13.2", "1.2.13.2");
        assertThat(study.get(1).object()).as("the current version's bytes").isEqualTo(replaced)
                .isEqualTo(catalog.locate("1.2.13.2.1").orElseThrow());
        assertThat(study.get(0)).isEqualTo(new LocatedInstance("1.2.13.1", "1.2.13.1.1", "1.2.840.10008.5.1.4.1.1.2",
                "1.2.840.10008.1.2.1", 1, catalog.locate("1.2.13.1.1").orElseThrow()));

        assertThat(catalog.instances(zhushan, "1.2.13", "1.2.13.2", null)).extracting(LocatedInstance::sopInstanceUid)
                .containsExactly("1.2.13.2.1", "1.2.13.2.2");
        assertThat(catalog.instances(zhushan, "1.2.13", "1.2.13.2", "1.2.13.2.2")).extracting(LocatedInstance::sopInstanceUid)
                .containsExactly("1.2.13.2.2");
        assertThat(catalog.instances(zhushan, "1.2.13", "1.2.13.1", "1.2.13.2.2")).as("an instance of another series").isEmpty();
        assertThat(catalog.instances(zhushan, "1.2.13", "1.2.13.9", null)).isEmpty();
        assertThat(catalog.instances(zhushan, "1.2.99", null, null)).isEmpty();
        assertThat(catalog.instances(CatalogScope.facility("taoyuan"), "1.2.13", null, null)).as("another facility's study").isEmpty();
        assertThat(catalog.instances(CatalogScope.alliance(), "1.2.13", null, null)).isEqualTo(study);
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

    // ------------------------------------------------------------ patient identity (issue 11 point 1)

    /** A township device's instance: a local Patient ID, no issuer, a woman born 1949-12-31, a resident identity number if given. */
    static InstanceAttributes local(String facility, String patientId, String name, String residentId, String study, LocalDate date) {
        return new InstanceAttributes(patientId, null, name, "F", LocalDate.of(1949, 12, 31), study, null, date, "090000", "胸部正位",
                study + ".1", "DX", "CHEST", 1, null, "1.2.840.10008.5.1.4.1.1.1.1", study + ".1.1", 1, "1.2.840.10008.1.2.1",
                facility, facility.toUpperCase() + "_DR", null, residentId);
    }

    private List<String> priors(String study, CatalogScope scope) {
        return catalog.priors(study, scope).stream().map(StudySummary::studyInstanceUid).toList();
    }

    static final String VALID_ID = "11010519491231002X";      // the classic GB 11643-1999 sample: a woman born 1949-12-31
    static final String OTHER_VALID_ID = "320102194912310089"; // another woman born that day
    static final String WRONG_CHECK = "110105194912310021";   // VALID_ID with check character 1 instead of X

    @Test
    void theSameLocalIdAtTwoFacilitiesIsTwoPatients() {
        record(local("zhushan", "0001", "王^一", null, "1.3.1.1", LocalDate.of(2026, 10, 1)));
        record(local("taoyuan", "0001", "李^二", null, "1.3.1.2", LocalDate.of(2026, 11, 1)));
        record(local("zhushan", "0001", "王^一", null, "1.3.1.3", LocalDate.of(2026, 11, 20)));

        assertThat(catalog.study("1.3.1.1").orElseThrow().study().patientName()).isEqualTo("王^一");
        assertThat(catalog.study("1.3.1.2").orElseThrow().study().patientName()).isEqualTo("李^二");
        assertThat(catalog.study("1.3.1.3").orElseThrow().study().patientName()).isEqualTo("王^一");
        assertThat(priors("1.3.1.3", CatalogScope.alliance())).containsExactly("1.3.1.1");
        assertThat(priors("1.3.1.2", CatalogScope.alliance())).isEmpty();
        assertThat(catalog.study("1.3.1.2").orElseThrow().study().identityFlag()).isNull();
    }

    @Test
    void theSameValidResidentIdLinksPatientsOfTwoFacilities() {
        record(local("zhushan", "0001", "王^一", VALID_ID, "1.3.2.1", LocalDate.of(2026, 10, 1)));
        // another facility, another local ID, the number with a lower-case x as some devices write it
        record(local("taoyuan", "20261202001", "王^一", " 11010519491231002x ", "1.3.2.2", LocalDate.of(2026, 11, 1)));
        record(local("taoyuan", "0001", "李^二", OTHER_VALID_ID, "1.3.2.3", LocalDate.of(2026, 11, 2)));

        assertThat(priors("1.3.2.2", CatalogScope.alliance())).containsExactly("1.3.2.1");
        assertThat(priors("1.3.2.1", CatalogScope.alliance())).containsExactly("1.3.2.2");
        assertThat(priors("1.3.2.3", CatalogScope.alliance())).isEmpty();
        assertThat(catalog.study("1.3.2.2").orElseThrow().study().identityFlag()).isNull();
        // a facility user's priors never show another facility's studies
        assertThat(priors("1.3.2.2", CatalogScope.facility("taoyuan"))).isEmpty();
        assertThat(priors("1.3.2.2", CatalogScope.facility("zhushan"))).as("not even the study itself is in scope").isEmpty();
    }

    @Test
    void aResidentIdWithAWrongCheckCharacterOrLengthDoesNotLinkAndIsFlagged() {
        record(local("zhushan", "0001", "王^一", VALID_ID, "1.3.3.1", LocalDate.of(2026, 10, 1)));
        record(local("taoyuan", "0007", "王^一", WRONG_CHECK, "1.3.3.2", LocalDate.of(2026, 11, 1)));
        record(local("taoyuan", "0008", "王^一", VALID_ID.substring(0, 17), "1.3.3.3", LocalDate.of(2026, 11, 2)));

        assertThat(priors("1.3.3.2", CatalogScope.alliance())).isEmpty();
        assertThat(priors("1.3.3.3", CatalogScope.alliance())).isEmpty();
        assertThat(priors("1.3.3.1", CatalogScope.alliance())).isEmpty();
        assertThat(catalog.study("1.3.3.2").orElseThrow().study().identityFlag()).isEqualTo("RESIDENT_ID_INVALID");
        assertThat(catalog.study("1.3.3.3").orElseThrow().study().identityFlag()).isEqualTo("RESIDENT_ID_INVALID");
        assertThat(catalog.study("1.3.3.1").orElseThrow().study().identityFlag()).isNull();
        assertThat(catalog.findStudies(CatalogScope.alliance(), new StudyQuery("0007", null, null, null, 0, 10)).get(0).identityFlag())
                .isEqualTo("RESIDENT_ID_INVALID");
    }

    @Test
    void aValidNumberOfAnotherBirthDateOrSexDoesNotLinkAndIsFlagged() {
        record(local("zhushan", "0001", "王^一", VALID_ID, "1.3.8.1", LocalDate.of(2026, 10, 1)));
        // a device's placeholder number on a man born 1990-01-01
        InstanceAttributes man = new InstanceAttributes("0002", null, "赵^二", "M", LocalDate.of(1990, 1, 1), "1.3.8.2", null, null,
                null, null, "1.3.8.2.1", "DX", null, 1, null, "1.2.840.10008.5.1.4.1.1.1.1", "1.3.8.2.1.1", 1, "1.2.840.10008.1.2.1",
                "taoyuan", "TAOYUAN_DR", null, VALID_ID);
        record(man);
        assertThat(priors("1.3.8.2", CatalogScope.alliance())).isEmpty();
        assertThat(priors("1.3.8.1", CatalogScope.alliance())).isEmpty();
        assertThat(catalog.study("1.3.8.2").orElseThrow().study().identityFlag()).isEqualTo("RESIDENT_ID_MISMATCH");
        // the number's own person, sex and birth date unknown to the device: linked
        InstanceAttributes unknown = new InstanceAttributes("0003", null, "王^一", null, null, "1.3.8.3", null, null,
                null, null, "1.3.8.3.1", "DX", null, 1, null, "1.2.840.10008.5.1.4.1.1.1.1", "1.3.8.3.1.1", 1, "1.2.840.10008.1.2.1",
                "xiaohe", "XIAOHE_DR", null, VALID_ID);
        record(unknown);
        assertThat(priors("1.3.8.3", CatalogScope.alliance())).containsExactly("1.3.8.1");
    }

    @Test
    void aSecondValidNumberForAPatientIsAConflictAndTheFirstStands() {
        record(local("zhushan", "0001", "王^一", VALID_ID, "1.3.4.1", LocalDate.of(2026, 10, 1)));
        record(local("zhushan", "0001", "王^一", OTHER_VALID_ID, "1.3.4.2", LocalDate.of(2026, 11, 1)));
        record(local("taoyuan", "0009", "王^一", VALID_ID, "1.3.4.3", LocalDate.of(2026, 11, 2)));
        record(local("taoyuan", "0010", "李^二", OTHER_VALID_ID, "1.3.4.4", LocalDate.of(2026, 11, 3)));

        assertThat(catalog.study("1.3.4.2").orElseThrow().study().identityFlag()).isEqualTo("RESIDENT_ID_CONFLICT");
        assertThat(priors("1.3.4.1", CatalogScope.alliance())).containsExactly("1.3.4.3", "1.3.4.2");
        assertThat(priors("1.3.4.4", CatalogScope.alliance())).isEmpty();
    }

    @Test
    void anAdministratorsLinkMakesPriorsAppearItsUndoRemovesThemAndBothAreRecorded() {
        record(local("zhushan", "0001", "王^一", null, "1.3.5.1", LocalDate.of(2026, 10, 1)));
        record(local("taoyuan", "0042", "王^一", null, "1.3.5.2", LocalDate.of(2026, 11, 1)));
        PatientRef zhushan = new PatientRef("zhushan", "0001", null);
        PatientRef taoyuan = new PatientRef("taoyuan", "0042", "");
        assertThat(priors("1.3.5.2", CatalogScope.alliance())).isEmpty();

        PatientLinkEvent link = catalog.linkPatients(zhushan, taoyuan, "admin.li", "同一人: 身份证复印件核对");
        assertThat(link.action()).isEqualTo("LINK");
        assertThat(priors("1.3.5.2", CatalogScope.alliance())).containsExactly("1.3.5.1");
        assertThat(priors("1.3.5.1", CatalogScope.alliance())).containsExactly("1.3.5.2");
        assertThat(priors("1.3.5.2", CatalogScope.facility("taoyuan"))).isEmpty();
        assertThatThrownBy(() -> catalog.linkPatients(taoyuan, zhushan, "admin.li", "again"))
                .isInstanceOf(StorageException.class).hasMessageContaining("already linked");

        catalog.unlinkPatients(taoyuan, zhushan, "admin.wang", "核对有误: 不是同一人");
        assertThat(priors("1.3.5.2", CatalogScope.alliance())).isEmpty();
        assertThat(priors("1.3.5.1", CatalogScope.alliance())).isEmpty();
        assertThatThrownBy(() -> catalog.unlinkPatients(taoyuan, zhushan, "admin.wang", "again"))
                .isInstanceOf(StorageException.class).hasMessageContaining("not linked");

        assertThat(catalog.patientLinks(taoyuan)).extracting(PatientLinkEvent::action, PatientLinkEvent::actor,
                        PatientLinkEvent::reason, PatientLinkEvent::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LINK", "admin.li", "同一人: 身份证复印件核对", CLOCK.instant()),
                        org.assertj.core.groups.Tuple.tuple("UNLINK", "admin.wang", "核对有误: 不是同一人", CLOCK.instant()));
        assertThat(catalog.patientLinks(zhushan).get(0).first()).isIn(zhushan, taoyuan);
    }

    @Test
    void linksAreRefusedWithoutReasonForOnePatientOrForAnUnknownOne() {
        record(local("zhushan", "0001", "王^一", null, "1.3.6.1", null));
        PatientRef p = new PatientRef("zhushan", "0001", null);
        assertThatThrownBy(() -> catalog.linkPatients(p, p, "admin", "same"))
                .isInstanceOf(StorageException.class).hasMessageContaining("same patient");
        assertThatThrownBy(() -> catalog.linkPatients(p, new PatientRef("taoyuan", "0001", null), "admin", "x"))
                .isInstanceOf(StorageException.class).satisfies(e -> assertThat(((StorageException) e).kind())
                        .isEqualTo(StorageException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> catalog.linkPatients(p, new PatientRef("zhushan", "0002", null), "admin", " "))
                .isInstanceOf(StorageException.class).hasMessageContaining("reason");
    }

    @Test
    void theSamePersonIsOneClassAcrossLinksAndResidentIds() {
        record(local("zhushan", "0001", "王^一", null, "1.3.7.1", LocalDate.of(2026, 9, 1)));
        record(local("taoyuan", "0002", "王^一", VALID_ID, "1.3.7.2", LocalDate.of(2026, 10, 1)));
        record(local("xiaohe", "0003", "王^一", VALID_ID, "1.3.7.3", LocalDate.of(2026, 11, 1)));
        catalog.linkPatients(new PatientRef("zhushan", "0001", null), new PatientRef("taoyuan", "0002", null), "admin", "HIS 核对");
        assertThat(priors("1.3.7.1", CatalogScope.alliance())).containsExactly("1.3.7.3", "1.3.7.2");
        assertThat(priors("1.3.7.3", CatalogScope.alliance())).containsExactly("1.3.7.2", "1.3.7.1");
    }

    @Test
    void aPatientSharedByTwoFacilitiesBeforeTheUpgradeBecomesTwoPatients() {
        DataSource old = dataSource();
        org.flywaydb.core.Flyway.configure().dataSource(old).locations("classpath:db/migration").target("2026.11.23.2100")
                .load().migrate();
        org.springframework.jdbc.core.JdbcTemplate sql = new org.springframework.jdbc.core.JdbcTemplate(old);
        // before: one row for two people, the newer name (李^二 of taoyuan) over the older (王^一 of zhushan)
        sql.update("INSERT INTO patient (patient_id, issuer, name) VALUES ('0001', '', '李^二')");
        sql.update("INSERT INTO patient (patient_id, issuer, name) VALUES ('0002', '', '张^三')");
        long shared = sql.queryForObject("SELECT id FROM patient WHERE patient_id = '0001'", Long.class);
        long other = sql.queryForObject("SELECT id FROM patient WHERE patient_id = '0002'", Long.class);
        for (Object[] s : new Object[][] {{"1.4.1", shared, "zhushan"}, {"1.4.2", shared, "taoyuan"}, {"1.4.3", shared, "zhushan"},
                {"1.4.4", other, "zhushan"}}) {
            sql.update("INSERT INTO study (study_uid, patient_ref, facility_id, first_received_at, last_received_at)"
                    + " VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", s);
        }
        Catalog.migrate(old);
        Catalog upgraded = new Catalog(old, CLOCK);

        assertThat(sql.queryForList("SELECT facility_id FROM patient WHERE patient_id = '0001' ORDER BY facility_id", String.class))
                .containsExactly("taoyuan", "zhushan");
        assertThat(upgraded.priors("1.4.1", CatalogScope.alliance())).extracting(StudySummary::studyInstanceUid).containsExactly("1.4.3");
        assertThat(upgraded.priors("1.4.2", CatalogScope.alliance())).isEmpty();
        assertThat(upgraded.study("1.4.2").orElseThrow().study().patientName()).isEqualTo("李^二");
        assertThat(upgraded.study("1.4.4").orElseThrow().study().patientId()).isEqualTo("0002");
        // and new instances find the split rows
        InstanceAttributes next = local("taoyuan", "0001", "李^二", null, "1.4.5", null);
        upgraded.record(next, object(next, "x"), false);
        assertThat(upgraded.priors("1.4.5", CatalogScope.alliance())).extracting(StudySummary::studyInstanceUid).containsExactly("1.4.2");
    }

    void record(InstanceAttributes a) {
        catalog.record(a, object(a, "content of " + a.sopInstanceUid()), false);
    }

    private List<String> uids(StudyQuery q) {
        return catalog.findStudies(CatalogScope.alliance(), q).stream().map(StudySummary::studyInstanceUid).toList();
    }
    // ------------------------------------------------------------ DICOM search (issue 12 point 1, QIDO-RS)

    /** An instance for the search tests: its own patient, study date and time, modality and SOP class. */
    static InstanceAttributes searched(String facility, String patientId, String name, String study, String series, String sop,
                                       String modality, LocalDate date, String time, String sopClass, String accession) {
        return new InstanceAttributes(patientId, null, name, "M", LocalDate.of(1960, 1, 2), study, accession, date, time, "胸部正位",
                series, modality, "CHEST", series.endsWith(".2") ? 2 : 1, null, sopClass, sop, Integer.parseInt(sop.substring(sop.lastIndexOf('.') + 1)),
                "1.2.840.10008.1.2.1", facility, "ZHUSHAN_DR", null);
    }

    static final String CR = "1.2.840.10008.5.1.4.1.1.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String SR = "1.2.840.10008.5.1.4.1.1.88.11";

    /** Three patients of zhushan and one of taoyuan, names with alphabetic, ideographic and phonetic groups. */
    private void searchFixture() {
        record(searched("zhushan", "Q1", "Wang^XiaoDong=王^小东=wang^xiaodong", "1.5.1", "1.5.1.1", "1.5.1.1.1", "CT",
                LocalDate.of(2026, 11, 20), "083000", CT, "A100"));
        record(searched("zhushan", "Q1", "Wang^XiaoDong=王^小东=wang^xiaodong", "1.5.1", "1.5.1.1", "1.5.1.1.2", "CT",
                LocalDate.of(2026, 11, 20), "083000", CT, "A100"));
        record(searched("zhushan", "Q1", "Wang^XiaoDong=王^小东=wang^xiaodong", "1.5.1", "1.5.1.2", "1.5.1.2.1", "SR",
                LocalDate.of(2026, 11, 20), "083000", SR, "A100"));
        record(searched("zhushan", "Q2", "=张^三=zhang^san", "1.5.2", "1.5.2.1", "1.5.2.1.1", "CR",
                LocalDate.of(2026, 11, 21), "143000", CR, "A200"));
        record(searched("zhushan", "Q3", "Li^Si=李^四=li^si", "1.5.3", "1.5.3.1", "1.5.3.1.1", "CR",
                LocalDate.of(2026, 11, 22), "090000", CR, "A300"));
        record(searched("taoyuan", "Q1", "Wang^Wu=王^五", "1.5.4", "1.5.4.1", "1.5.4.1.1", "CT",
                LocalDate.of(2026, 11, 22), "100000", CT, "A400"));
    }

    private List<String> studies(CatalogScope scope, MatchKeys.Builder keys) {
        return catalog.searchStudies(scope, keys.build()).matches().stream().map(StudyMatch::studyInstanceUid).toList();
    }

    private List<String> studies(MatchKeys.Builder keys) {
        return studies(CatalogScope.alliance(), keys);
    }

    @Test
    void aPatientNameKeyMatchesEachComponentGroupWithWildcardsAndWithoutCase() {
        searchFixture();
        nameMatches();
    }

    /** The same answers when the patients are not looked up first but checked study by study (many match). */
    @Test
    void theSameMatchesWhenManyPatientsMatch() {
        searchFixture();
        catalog.fewPatients = 0;
        nameMatches();
        assertThat(studies(CatalogScope.facility("zhushan"), MatchKeys.builder().patientId("Q1"))).containsExactly("1.5.1");
        assertThat(catalog.searchInstances(CatalogScope.alliance(), MatchKeys.builder().patientName("李*").instanceNumber(1).build())
                .matches()).extracting(InstanceMatch::sopInstanceUid).containsExactly("1.5.3.1.1");
        // each study keeps its patient's current name groups: after a correction, and for a study sent without a name
        record(searched("zhushan", "Q3", "Li^Wu=李^五", "1.5.3", "1.5.3.1", "1.5.3.1.2", "CR", LocalDate.of(2026, 11, 22),
                "090000", CR, "A300"));
        record(searched("zhushan", "Q2", null, "1.5.5", "1.5.5.1", "1.5.5.1.1", "CR", LocalDate.of(2026, 11, 23), "080000", CR, "A500"));
        assertThat(studies(MatchKeys.builder().patientName("李^五"))).containsExactly("1.5.3");
        assertThat(studies(MatchKeys.builder().patientName("li^si"))).isEmpty();
        assertThat(studies(MatchKeys.builder().patientName("张*"))).containsExactly("1.5.5", "1.5.2");
    }

    private void nameMatches() {
        assertThat(studies(MatchKeys.builder().patientName("wang*"))).containsExactly("1.5.4", "1.5.1");
        assertThat(studies(MatchKeys.builder().patientName("WANG^XIAO*"))).containsExactly("1.5.1");
        assertThat(studies(MatchKeys.builder().patientName("王*"))).containsExactly("1.5.4", "1.5.1");
        assertThat(studies(MatchKeys.builder().patientName("*小东"))).containsExactly("1.5.1");
        assertThat(studies(MatchKeys.builder().patientName("张^三"))).as("ideographic only, literal").containsExactly("1.5.2");
        assertThat(studies(MatchKeys.builder().patientName("Zhang*"))).as("phonetic (pinyin)").containsExactly("1.5.2");
        assertThat(studies(MatchKeys.builder().patientName("?^四"))).containsExactly("1.5.3");
        assertThat(studies(MatchKeys.builder().patientName("zhang"))).as("literal: a whole group, not a prefix").isEmpty();
        assertThat(studies(MatchKeys.builder().patientName("wang*=王^小*"))).as("group by group").containsExactly("1.5.1");
        assertThat(studies(MatchKeys.builder().patientName("li*=王*"))).as("no name has both groups").isEmpty();
        assertThat(studies(MatchKeys.builder().patientName("=张*"))).as("an empty group matches anything").containsExactly("1.5.2");
        assertThat(studies(MatchKeys.builder().patientName("*"))).hasSize(4);
        assertThat(studies(MatchKeys.builder().patientName("100%"))).as("SQL wildcards are literal characters").isEmpty();
        assertThat(studies(MatchKeys.builder().patientName("__^__"))).isEmpty();
    }

    @Test
    void aCorrectedNameIsMatchedByItsNewGroups() {
        searchFixture();
        record(searched("zhushan", "Q3", "Li^Wu=李^五", "1.5.3", "1.5.3.1", "1.5.3.1.2", "CR", LocalDate.of(2026, 11, 22),
                "090000", CR, "A300"));
        assertThat(studies(MatchKeys.builder().patientName("李^五"))).containsExactly("1.5.3");
        assertThat(studies(MatchKeys.builder().patientName("li^si"))).isEmpty();
    }

    @Test
    void patientIdIssuerAccessionAndStudyUidLists() {
        searchFixture();
        assertThat(studies(MatchKeys.builder().patientId("Q1"))).containsExactly("1.5.4", "1.5.1");
        assertThat(studies(CatalogScope.facility("zhushan"), MatchKeys.builder().patientId("Q1"))).containsExactly("1.5.1");
        assertThat(studies(MatchKeys.builder().patientId("Q*"))).hasSize(4);
        assertThat(studies(MatchKeys.builder().patientId("Q1").issuerOfPatientId("OTHER"))).isEmpty();
        assertThat(studies(MatchKeys.builder().accessionNumber("A200"))).containsExactly("1.5.2");
        assertThat(studies(MatchKeys.builder().accessionNumber("A?00").studyInstanceUids(List.of("1.5.2", "1.5.3", "9.9"))))
                .containsExactly("1.5.3", "1.5.2");
    }

    @Test
    void dateAndTimeRangesAloneAndCombined() {
        searchFixture();
        LocalDate d20 = LocalDate.of(2026, 11, 20);
        LocalDate d21 = LocalDate.of(2026, 11, 21);
        LocalDate d22 = LocalDate.of(2026, 11, 22);
        assertThat(studies(MatchKeys.builder().studyDate(new MatchKeys.DateRange(d21, d21)))).containsExactly("1.5.2");
        assertThat(studies(MatchKeys.builder().studyDate(new MatchKeys.DateRange(d21, null)))).containsExactly("1.5.4", "1.5.3", "1.5.2");
        assertThat(studies(MatchKeys.builder().studyDate(new MatchKeys.DateRange(null, d20)))).containsExactly("1.5.1");
        assertThat(studies(MatchKeys.builder().studyTime(new MatchKeys.TimeRange("0900", "14")))).as("14 is up to 14:59:59")
                .containsExactly("1.5.4", "1.5.3", "1.5.2");
        // one date-time range: from the 20th 09:00 to the 22nd 09:30, not 09:00-09:30 on each day
        assertThat(studies(MatchKeys.builder().studyDate(new MatchKeys.DateRange(d20, d22))
                .studyTime(new MatchKeys.TimeRange("0900", "0930")))).containsExactly("1.5.3", "1.5.2");
        assertThatThrownBy(() -> new MatchKeys.DateRange(d22, d20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatchKeys.TimeRange("1300", "12")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new MatchKeys.TimeRange("1200", "12").from()).isEqualTo("1200");
    }

    @Test
    void studyResultsCarryTheComputedAttributes() {
        searchFixture();
        SearchPage<StudyMatch> page = catalog.searchStudies(CatalogScope.alliance(),
                MatchKeys.builder().modalitiesInStudy(List.of("SR", "MR")).build());
        assertThat(page.more()).isFalse();
        StudyMatch s = page.matches().get(0);
        assertThat(s.studyInstanceUid()).isEqualTo("1.5.1");
        assertThat(s.modalitiesInStudy()).containsExactly("CT", "SR");
        assertThat(s.seriesCount()).isEqualTo(2);
        assertThat(s.instanceCount()).isEqualTo(3);
        assertThat(s.patientName()).isEqualTo("Wang^XiaoDong=王^小东=wang^xiaodong");
        assertThat(s.patientId()).isEqualTo("Q1");
        assertThat(s.accessionNumber()).isEqualTo("A100");
        assertThat(s.studyDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(s.studyTime()).isEqualTo("083000");
    }

    @Test
    void pagesWithLimitAndOffsetSayWhetherMoreFollow() {
        searchFixture();
        SearchPage<StudyMatch> first = catalog.searchStudies(CatalogScope.alliance(), MatchKeys.builder().limit(3).build());
        assertThat(first.matches()).extracting(StudyMatch::studyInstanceUid).containsExactly("1.5.4", "1.5.3", "1.5.2");
        assertThat(first.more()).isTrue();
        SearchPage<StudyMatch> second = catalog.searchStudies(CatalogScope.alliance(), MatchKeys.builder().limit(3).offset(3).build());
        assertThat(second.matches()).extracting(StudyMatch::studyInstanceUid).containsExactly("1.5.1");
        assertThat(second.more()).isFalse();
        assertThatThrownBy(() -> MatchKeys.builder().limit(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MatchKeys.builder().offset(-1).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seriesAndInstanceSearchesKeepToTheScope() {
        searchFixture();
        SearchPage<SeriesMatch> series = catalog.searchSeries(CatalogScope.facility("zhushan"),
                MatchKeys.builder().modalities(List.of("CT")).build());
        assertThat(series.matches()).extracting(SeriesMatch::seriesInstanceUid).containsExactly("1.5.1.1");
        assertThat(series.matches().get(0).instanceCount()).isEqualTo(2);
        assertThat(series.matches().get(0).study().studyInstanceUid()).isEqualTo("1.5.1");
        assertThat(catalog.searchSeries(CatalogScope.alliance(), MatchKeys.builder().studyInstanceUids(List.of("1.5.1")).build())
                .matches()).extracting(SeriesMatch::seriesInstanceUid).containsExactly("1.5.1.1", "1.5.1.2");

        SearchPage<InstanceMatch> instances = catalog.searchInstances(CatalogScope.alliance(),
                MatchKeys.builder().sopClassUids(List.of(CT)).build());
        assertThat(instances.matches()).extracting(InstanceMatch::sopInstanceUid).containsExactly("1.5.4.1.1", "1.5.1.1.1", "1.5.1.1.2");
        InstanceMatch i = instances.matches().get(1);
        assertThat(i.sopClassUid()).isEqualTo(CT);
        assertThat(i.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(i.instanceNumber()).isEqualTo(1);
        assertThat(i.series().seriesInstanceUid()).isEqualTo("1.5.1.1");
        assertThat(catalog.searchInstances(CatalogScope.facility("zhushan"), MatchKeys.builder().sopClassUids(List.of(CT))
                .seriesInstanceUids(List.of("1.5.4.1")).build()).matches()).as("taoyuan's series").isEmpty();
        assertThat(catalog.searchInstances(CatalogScope.alliance(), MatchKeys.builder().patientName("李*").instanceNumber(1).build())
                .matches()).extracting(InstanceMatch::sopInstanceUid).containsExactly("1.5.3.1.1");

        assertThat(catalog.contains(CatalogScope.facility("zhushan"), "1.5.1", "1.5.1.2")).isTrue();
        assertThat(catalog.contains(CatalogScope.facility("zhushan"), "1.5.1", "1.5.4.1")).isFalse();
        assertThat(catalog.contains(CatalogScope.facility("zhushan"), "1.5.4", null)).as("another facility's study").isFalse();
        assertThat(catalog.contains(CatalogScope.alliance(), "1.5.4", null)).isTrue();
    }
}
