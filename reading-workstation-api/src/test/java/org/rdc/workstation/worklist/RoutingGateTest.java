package org.rdc.workstation.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdc.workstation.worklist.WorklistFixture.DX_IMAGE;
import static org.rdc.workstation.worklist.WorklistFixture.ECG_12_LEAD;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rdc.storage.TestDatabases;

/**
 * A study whose deciding work (an ECG's automatic analysis) is pending is not routed: it waits,
 * however long, and is routed STAT once a critical result arrives; work that failed for good lets it
 * through with a note.
 */
class RoutingGateTest {

    private final Map<String, RoutingGate.Verdict> verdicts = new ConcurrentHashMap<>();
    private WorklistFixture f;
    private StudyRouter router;

    @BeforeEach
    void setUp() {
        f = new WorklistFixture(TestDatabases.h2InMemory(), WorklistSettings.defaults());
        router = new StudyRouter(f.dataSource, f.catalog, f.clock, f.settings, f.worklist,
                study -> verdicts.getOrDefault(study, RoutingGate.Verdict.ROUTE));
    }

    @AfterEach
    void tearDown() {
        router.close();
        f.close();
    }

    @Test
    void aStudyWithPendingAnalysisWaitsAndIsRoutedStatWhenTheAnalysisFindsItCritical() {
        verdicts.put("1.7.1", RoutingGate.Verdict.hold("ECG analysis pending"));
        f.instance("1.7.1", 1, "demo", "ECG", ECG_12_LEAD, "P71");
        f.instance("1.7.2", 1, "demo", "DX", DX_IMAGE, "P72");
        f.catalog.markReady("1.7.1", "STORAGE_COMMITMENT");
        f.catalog.markReady("1.7.2", "STORAGE_COMMITMENT");
        assertThat(router.scan()).as("only the study without pending work").isEqualTo(1);
        assertThat(f.worklist.findByStudy("1.7.1")).isEmpty();
        // far beyond the quiet period and every scan window: still held, still looked at
        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofMinutes(30));
            assertThat(router.scan()).isZero();
        }
        assertThat(f.worklist.findByStudy("1.7.1")).isEmpty();
        router.hint("1.7.1", null, true, "VF");
        verdicts.remove("1.7.1");
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(router.scan()).isEqualTo(1);
        Task t = f.worklist.findByStudy("1.7.1").orElseThrow();
        assertThat(t.priority()).isEqualTo(Priority.STAT);
        assertThat(t.critical()).isTrue();
        assertThat(f.worklist.history(t.id())).extracting(TaskEvent::action).containsExactly("ROUTED");
    }

    @Test
    void workThatFailedForGoodLetsTheStudyThroughWithANote() {
        verdicts.put("1.7.3", RoutingGate.Verdict.route("ECG automatic analysis failed: no leads; read without it"));
        f.instance("1.7.3", 1, "demo", "ECG", ECG_12_LEAD, "P73");
        f.catalog.markReady("1.7.3", "STORAGE_COMMITMENT");
        assertThat(router.scan()).isEqualTo(1);
        assertThat(f.worklist.findByStudy("1.7.3").orElseThrow().routingNote())
                .contains("ECG automatic analysis failed: no leads; read without it");
    }

    @Test
    void aFailingGateHoldsRatherThanRoutes() {
        RoutingGate broken = study -> {
            throw new IllegalStateException("database gone");
        };
        try (StudyRouter r = new StudyRouter(f.dataSource, f.catalog, f.clock, f.settings, f.worklist, broken)) {
            f.instance("1.7.4", 1, "demo", "ECG", ECG_12_LEAD, "P74");
            f.catalog.markReady("1.7.4", "STORAGE_COMMITMENT");
            assertThat(r.scan()).isZero();
            assertThat(f.worklist.findByStudy("1.7.4")).isEmpty();
        }
        assertThat(router.scan()).isEqualTo(1);
    }
}
