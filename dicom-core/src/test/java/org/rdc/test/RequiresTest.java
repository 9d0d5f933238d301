package org.rdc.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiresTest {

    static final String NO_TOOLS = "/nonexistent-rdc-test-dir";

    @Test
    void aMissingProgramFailsWithCiTrue() {
        assertThatThrownBy(() -> Requires.program("dcmdump", "dcmtk", Map.of("CI", "true", "PATH", NO_TOOLS)))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true").hasMessageContaining("dcmdump on the PATH (apt-get install dcmtk)");
    }

    @Test
    void aMissingProgramSkipsWithoutCi() {
        for (Map<String, String> env : java.util.List.of(Map.of("PATH", NO_TOOLS), Map.of("CI", "false", "PATH", NO_TOOLS))) {
            assertThatThrownBy(() -> Requires.program("dcmdump", "dcmtk", env)).isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("dcmdump");
        }
    }

    @Test
    void aProgramOnThePathIsFound() {
        assertThat(Requires.program("sh", "dash", Map.of("CI", "true", "PATH", NO_TOOLS + ":/bin:/usr/bin")))
                .hasFileName("sh").isExecutable();
    }

    @Test
    void ciMeansExactlyTrue() {
        assertThat(Requires.isCi(Map.of("CI", "true"))).isTrue();
        assertThat(Requires.isCi(Map.of("CI", " TRUE "))).isTrue();
        assertThat(Requires.isCi(Map.of("CI", "1"))).isFalse();
        assertThat(Requires.isCi(Map.of())).isFalse();
    }

    @Test
    void anythingMissingFollowsTheSameRule() {
        assertThatThrownBy(() -> Requires.that(false, "PostgreSQL", true)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("PostgreSQL");
        assertThatThrownBy(() -> Requires.that(false, "PostgreSQL", false)).isInstanceOf(TestAbortedException.class);
        Requires.that(true, "PostgreSQL", true);
    }
}
