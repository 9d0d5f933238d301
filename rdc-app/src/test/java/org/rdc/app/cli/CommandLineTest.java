package org.rdc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.rdc.app.Rdc;
import picocli.CommandLine;

class CommandLineTest {

    @Test
    void helpListsEverySubcommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Rdc());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("serve").contains("dicom").contains("help");
    }

    @Test
    void noCommandOrOnlyServerPropertiesMeansServe() {
        assertThat(Rdc.startsServer(new String[0])).isTrue();
        assertThat(Rdc.startsServer(new String[] {"--rdc.data-dir=/srv/rdc"})).isTrue();
        assertThat(Rdc.startsServer(new String[] {"--help"})).isFalse();
        assertThat(Rdc.startsServer(new String[] {"dicom", "dump", "x.dcm"})).isFalse();
    }

    @Test
    void httpCanBeSwitchedOffForGatewayOnlyNodes() {
        assertThat(ServeCommand.httpEnabled(new String[0])).isTrue();
        assertThat(ServeCommand.httpEnabled(new String[] {"--rdc.http.enabled=false"})).isFalse();
    }
}
