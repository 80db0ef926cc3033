package io.enclavesuite.ctl;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * enclavectl run in the test's JVM on files of a data folder, as its owner runs it on the command line: what it
 * printed on stdout and stderr, over all the runs of one test.
 */
final class CtlRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs enclavectl with {@code args}; its exit code. */
    int run(String... args) {
        CommandLine cli = EnclaveCtl.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** All that the runs printed on stdout. */
    String out() {
        return out.toString();
    }

    /** All that the runs printed on stderr. */
    String err() {
        return err.toString();
    }

    /** What {@code option} of {@code subcommand} is when not given: where it looks for its file. */
    static String defaultOf(String subcommand, String option) {
        return EnclaveCtl.commandLine().getSubcommands().get(subcommand).getCommandSpec().findOption(option)
                .defaultValue();
    }

    /** The data folder enclavectl's defaults point into: {@code ENCLAVE_DATA_DIR}, else {@code .enclave-data}. */
    static String dataFolder() {
        return System.getenv().getOrDefault("ENCLAVE_DATA_DIR", ".enclave-data");
    }
}
