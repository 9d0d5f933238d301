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
        subcommands = {ServeCommand.class, DicomCommand.class, org.rdc.app.cli.EcgCommand.class, CommandLine.HelpCommand.class})
public final class Rdc implements Runnable {

    /** The logging configuration of every command but {@code serve}: stderr only (see the file). */
    static final String TOOL_LOGGING = "logback-cli.xml";

    public static void main(String[] args) {
        String[] effective = startsServer(args) ? prepend("serve", args) : args;
        // Before the first logger exists: a tool's stdout is its data, so `rdc dicom json f.dcm | jq .` works.
        if (!effective[0].equals("serve") && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", TOOL_LOGGING);
        }
        // serve returns when the server has been shut down.
        System.exit(new CommandLine(new Rdc()).execute(effective));
    }

    /** No command, or only server properties ({@code --rdc.data-dir=...}): the server is what is meant. */
    public static boolean startsServer(String[] args) {
        return args.length == 0 || (args[0].startsWith("--") && !args[0].equals("--help") && !args[0].equals("--version"));
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
