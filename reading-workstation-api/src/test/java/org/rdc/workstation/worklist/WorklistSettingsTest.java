package org.rdc.workstation.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorklistSettingsTest {

    @Test
    void routingBySopClassBeforeModalityAndConfigurable() {
        RoutingRules r = RoutingRules.defaults();
        assertThat(r.route(List.of("1.2.840.10008.5.1.4.1.1.9.1.2"), List.of("OT"))).contains(ServiceLine.ECG);
        assertThat(r.route(List.of("1.2.840.10008.5.1.4.1.1.1"), List.of("cr"))).contains(ServiceLine.RADIOLOGY);
        assertThat(r.route(List.of("1.2.840.10008.5.1.4.1.1.6.1"), List.of("US"))).contains(ServiceLine.ULTRASOUND);
        assertThat(r.route(List.of("1.2.840.10008.5.1.4.1.1.7"), List.of("OT"))).isEmpty();
        RoutingRules custom = RoutingRules.parse("ULTRASOUND=US,IVUS;RADIOLOGY=DX", "");
        assertThat(custom.forModality("IVUS")).contains(ServiceLine.ULTRASOUND);
        assertThat(custom.forModality("CT")).isEmpty();
        assertThatThrownBy(() -> RoutingRules.parse("RADIOLOGY=DX;ULTRASOUND=DX", "")).hasMessageContaining("DX is mapped to two");
        assertThatThrownBy(() -> RoutingRules.parse("RADIOLOGY:DX", "")).hasMessageContaining("expected LINE=VALUE");
        assertThatThrownBy(() -> RoutingRules.parse("", "ECG=1.2.x")).hasMessageContaining("not a UID");
    }

    /** A SOP class is a UID; a prefix is a UID root and a dot (PS3.5 9.1), never an empty, padded or over-long component. */
    @Test
    void sopClassMappingsAreUidsOrUidPrefixes() {
        RoutingRules r = RoutingRules.parse("", "ECG=1.2.840.10008.5.1.4.1.1.9.1.,1.2.840.10008.5.1.4.1.1.9.2.1;RADIOLOGY=1.3.");
        assertThat(r.forSopClass("1.2.840.10008.5.1.4.1.1.9.1.3")).contains(ServiceLine.ECG);
        assertThat(r.forSopClass("1.2.840.10008.5.1.4.1.1.9.2.1")).contains(ServiceLine.ECG);
        assertThat(r.forSopClass("1.3.6.1")).contains(ServiceLine.RADIOLOGY);
        for (String bad : List.of("..", "1..2", ".1", "1..", "01.2", "01.", "1.2.840.10008." + "1".repeat(51), ".", "1.2.a.")) {
            assertThatThrownBy(() -> RoutingRules.parse("", "ECG=" + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "' is not a UID");
        }
    }

    @Test
    void slaMatrixOverridesCellByCellAndRejectsNonsense() {
        var m = WorklistSettings.sla("ECG.STAT=5, radiology.checkup=2880");
        assertThat(m.get(ServiceLine.ECG).get(Priority.STAT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(m.get(ServiceLine.RADIOLOGY).get(Priority.CHECKUP)).isEqualTo(Duration.ofMinutes(2880));
        assertThat(m.get(ServiceLine.ULTRASOUND).get(Priority.STAT)).isEqualTo(Duration.ofMinutes(30));
        assertThatThrownBy(() -> WorklistSettings.sla("ECG=5")).hasMessageContaining("LINE.PRIORITY=MINUTES");
        assertThatThrownBy(() -> WorklistSettings.sla("ECG.STAT=soon")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> WorklistSettings.sla("ECG.STAT=0")).hasMessageContaining("positive");
    }

    @Test
    void facilitySettingsFallBackToTheDefaults() {
        WorklistSettings s = WorklistSettings.defaults().withFacilities(WorklistSettings.facilities("th01:quiet=2m,priority=inpatient;th02:quiet=500ms"));
        assertThat(s.quietPeriod("th01")).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.quietPeriod("th02")).isEqualTo(Duration.ofMillis(500));
        assertThat(s.quietPeriod("other")).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.quietPeriod(null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.defaultPriority("th01")).isEqualTo(Priority.INPATIENT);
        assertThat(s.defaultPriority("th02")).isEqualTo(Priority.OUTPATIENT);
        assertThat(s.longestQuietPeriod()).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> WorklistSettings.facilities("th01:quiet=soon")).hasMessageContaining("quiet period of facility th01");
        assertThatThrownBy(() -> WorklistSettings.facilities("th01:speed=1")).hasMessageContaining("unknown key 'speed'");
        assertThatThrownBy(() -> WorklistSettings.facilities("th01")).hasMessageContaining("expected ID:");
    }

    @Test
    void priorityMarkingsMapTheStandardCodesChineseWordsAndEachFacilitysOwn() {
        WorklistSettings s = WorklistSettings.defaults()
                .withFacilities(WorklistSettings.facilities("th01:mark.URGENT=stat,mark.HIGH=STAT;th02:priority=CHECKUP"));
        // (0040,1003) STAT, HIGH, ROUTINE, MEDIUM, LOW and the retired (0032,000C) HIGH, MED, LOW
        assertThat(s.markedPriority("th02", "STAT")).contains(Priority.STAT);
        assertThat(s.markedPriority("th02", "HIGH")).contains(Priority.INPATIENT);
        assertThat(s.markedPriority("th02", "routine ")).contains(Priority.OUTPATIENT);
        assertThat(s.markedPriority("th02", "MEDIUM")).contains(Priority.OUTPATIENT);
        assertThat(s.markedPriority("th02", "MED")).contains(Priority.OUTPATIENT);
        assertThat(s.markedPriority("th02", "LOW")).contains(Priority.CHECKUP);
        assertThat(s.markedPriority("th02", "急诊")).contains(Priority.STAT);
        assertThat(s.markedPriority("th02", "住院")).contains(Priority.INPATIENT);
        assertThat(s.markedPriority("th02", "体检")).contains(Priority.CHECKUP);
        assertThat(s.markedPriority("th02", "CHECKUP")).contains(Priority.CHECKUP);
        // a facility's own words, also overriding the centre's for that facility only
        assertThat(s.markedPriority("th01", "urgent")).contains(Priority.STAT);
        assertThat(s.markedPriority("th01", "HIGH")).contains(Priority.STAT);
        assertThat(s.markedPriority("th02", "URGENT")).isEmpty();
        assertThat(s.markedPriority("th02", "whenever")).isEmpty();
        assertThat(s.markedPriority("th02", null)).isEmpty();

        var custom = WorklistSettings.priorityMarkings("加急=STAT, LOW=OUTPATIENT");
        assertThat(custom).containsEntry("加急", Priority.STAT).containsEntry("LOW", Priority.OUTPATIENT).containsEntry("STAT", Priority.STAT);
        assertThatThrownBy(() -> WorklistSettings.priorityMarkings("URGENT")).hasMessageContaining("MARKING=PRIORITY");
        assertThatThrownBy(() -> WorklistSettings.priorityMarkings("URGENT=SOON")).hasMessageContaining("'SOON' is not a priority");
        assertThatThrownBy(() -> WorklistSettings.facilities("th01:mark.X=SOON")).hasMessageContaining("facility settings of th01")
                .hasMessageContaining("not a priority");
    }
}
