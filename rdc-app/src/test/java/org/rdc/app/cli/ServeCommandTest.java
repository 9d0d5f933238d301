package org.rdc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.storage.InstanceStore;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class ServeCommandTest {

    @TempDir
    Path data;

    @Test
    void withHttpSwitchedOffTheNodeRunsStorageWithoutAnyWebServer() {
        try (ConfigurableApplicationContext context = ServeCommand.start(new String[] {
                "--rdc.http.enabled=false", "--rdc.data-dir=" + data})) {
            assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(context.getBean(InstanceStore.class).spool().directory()).isEqualTo(data.resolve("spool"));
        }
    }
}
