package org.rdc.reports.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.ecg.analysis.AnalysisSettings;
import org.rdc.ecg.analysis.EcgAnalysis;
import org.rdc.ecg.analysis.EcgAnalyzer;
import org.rdc.ecg.format.EcgReader;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.catalog.AttachmentAttributes;
import org.rdc.test.Requires;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ECG template's fields pre-filled from the analysis the intake stored with the study: a real
 * SCP-ECG record (ecgtoolkit's example) analysed by ecg-ingest, its JSON stored as the study's
 * {@code ECG_ANALYSIS} attachment, as {@link EcgIntake} does.
 */
class EcgPrefillTest {

    @TempDir
    Path dir;

    private StorageFixture storage;
    private ReportTemplate ecgTemplate;
    private ReportTemplate chestTemplate;
    private EcgPrefill prefill;

    @BeforeEach
    void setUp() {
        storage = new StorageFixture(dir);
        Templates templates = new Templates(storage.dataSource, Clock.systemUTC());
        ecgTemplate = templates.latest("ecg-resting-12").orElseThrow();
        chestTemplate = templates.latest().stream().filter(t -> !t.serviceLine().equals("ECG")).findFirst().orElseThrow();
        prefill = new EcgPrefill(storage.store);
    }

    @AfterEach
    void tearDown() {
        storage.close();
    }

    @Test
    void theRestingTemplatesFieldsComeFromTheStoredAnalysisRoundedToWholeUnits() throws Exception {
        EcgRecord record = EcgReader.standard().read(Files.readAllBytes(Requires.testdata("ecg/ecgtoolkit/Example.scp")));
        EcgAnalysis a = new EcgAnalyzer().analyze(record, AnalysisSettings.defaults());
        storeAnalysis("2.25.1001", EcgJson.analysis(record, a));

        ObjectNode values = prefill.values("2.25.1001", ecgTemplate);

        assertThat(values.get("rhythm").asString()).isEqualTo(a.rhythm().name());
        assertThat(values.get("heartRateBpm").asLong()).isEqualTo(Math.round(a.heartRateBpm()));
        assertThat(values.get("qrsMs").asLong()).isEqualTo(Math.round(a.qrsMs()));
        assertThat(values.get("qtMs").asLong()).isEqualTo(Math.round(a.qtMs()));
        assertThat(values.get("qtcMs").asLong()).as("the template's QTc is Bazett's").isEqualTo(Math.round(a.qtcBazettMs()));
        assertThat(values.get("qrsAxisDeg").asLong()).isEqualTo(Math.round(a.qrsAxisDeg()));
        List<String> statements = new ArrayList<>();
        values.get("statements").forEach(s -> statements.add(s.asString()));
        assertThat(statements).isNotEmpty().isEqualTo(a.statements().stream().map(s -> s.zh()).toList());
        FieldValues.check(ecgTemplate, values);  // what is pre-filled, the template accepts
    }

    @Test
    void aValueTheTemplateWouldRefuseIsLeftForTheReaderAndTheRestIsFilled() {
        ObjectNode analysis = EcgJson.object();
        analysis.put("rhythm", "SOMETHING_THE_TEMPLATE_DOES_NOT_LIST");
        analysis.put("heartRateBpm", 420.0);  // above the template's 350
        analysis.put("prMs", 161.6);
        analysis.putNull("qtMs");
        storeAnalysis("2.25.1002", analysis);

        ObjectNode values = prefill.values("2.25.1002", ecgTemplate);

        assertThat(values.has("rhythm")).isFalse();
        assertThat(values.has("heartRateBpm")).isFalse();
        assertThat(values.has("qtMs")).isFalse();
        assertThat(values.get("prMs").asLong()).isEqualTo(162);
    }

    @Test
    void theNewestAnalysisWinsAndAStudyWithoutOneOrATemplateWithoutEcgFieldsGetsNothing() throws Exception {
        ObjectNode older = EcgJson.object();
        older.put("heartRateBpm", 60.0);
        storeAnalysis("2.25.1003", older);
        Thread.sleep(5);  // the catalog orders attachments by their creation time
        ObjectNode newer = EcgJson.object();
        newer.put("heartRateBpm", 75.0);
        storeAnalysis("2.25.1003", newer);

        assertThat(prefill.values("2.25.1003", ecgTemplate).get("heartRateBpm").asLong()).isEqualTo(75);
        assertThat(prefill.values("2.25.9999", ecgTemplate).isEmpty()).isTrue();
        assertThat(prefill.values("2.25.1003", chestTemplate).isEmpty()).isTrue();
    }

    private void storeAnalysis(String studyUid, JsonNode json) {
        storage.store.storeAttachment(new AttachmentAttributes(studyUid, EcgIntake.ANALYSIS, "analysis.json", "application/json", "demo"),
                new ByteArrayInputStream(EcgJson.toBytes((ObjectNode) json)));
    }
}
