package org.rdc.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkstationWebConfigurationTest {

    @Test
    void aRouteEndingInAUidIsAPageAMissingFileIsNot() {
        assertThat(WorkstationWebConfiguration.namesAFile("/viewer/1.2.826.0.1.3680043.8.498.1")).isFalse();
        assertThat(WorkstationWebConfiguration.namesAFile("/tasks/12")).isFalse();
        assertThat(WorkstationWebConfiguration.namesAFile("/worklist/RADIOLOGY")).isFalse();
        assertThat(WorkstationWebConfiguration.namesAFile("/assets/gone.js")).isTrue();
        assertThat(WorkstationWebConfiguration.namesAFile("/assets/codec.wasm")).isTrue();
        assertThat(WorkstationWebConfiguration.namesAFile("/favicon.svg")).isTrue();
    }
}
