package org.rdc.app;

import org.rdc.app.cli.DicomCommand;
import org.rdc.app.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The centre's one executable: {@code java -jar rdc.jar} (or {@code serve}) runs the server,
 * the other subcommands are tools. {@code --help} lists them all.
 */
@Command(name = "rdc", mixinStandardHelpOptions = true, version = "rdc 0.1.0",
        description = "Remote diagnostic centre for imaging and ECG (远程影像与心电诊断中心).",
        subcommands = {ServeCommand.class, DicomCommand.class, CommandLine.HelpCommand.class})
public final class Rdc implements Runnable {

    public static void main(String[] args) {
        String[] effective = args.length == 0 ? new String[] {"serve"} : args;
        // serve returns when the server has been shut down.
        System.exit(new CommandLine(new Rdc()).execute(effective));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
