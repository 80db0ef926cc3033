package io.enclavesuite.ctl;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.auth.LocalSignInCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A person's code for the console's local sign-in, derived from the machine's secret exactly as the console checks it
 * ({@link LocalSignInCodes}): the machine's owner runs it and hands each person their own code,
 * {@code <user id>.<mac>}, which signs in that person and no one else. It prints the whole code, since the console reads
 * the person from it. The secret is read, never created here: a secret the console does not use would make codes it
 * refuses.
 */
@Command(name = "console-code", mixinStandardHelpOptions = true,
        description = "Print a person's code for the console's local sign-in (a machine without a Slack app).",
        footer = {"%nThe code (U0CAROL.<32 hex digits>) signs in --user only; give it to that person alone.",
                "Without enclavectl:",
                "  printf %%s '" + LocalSignInCodes.DOMAIN + "U0CAROL' \\",
                "    | openssl dgst -sha256 -r \\",
                "        -hmac \"$(cat .enclave-data/console/local-sign-in-code)\" \\",
                "    | cut -c1-32 | sed 's/^/U0CAROL./'"})
final class ConsoleCodeCommand implements Callable<Integer> {

    @Option(names = "--user", required = true, description = "the Slack user id the code signs in, e.g. U0CAROL")
    String user;

    @Option(names = "--code-file", defaultValue = "${env:ENCLAVE_DATA_DIR:-.enclave-data}/console/local-sign-in-code",
            description = "the machine's local sign-in secret (default: ${DEFAULT-VALUE}, which the console makes on "
                    + "its first start with local sign-in)")
    Path codeFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        UserId person = UserId.of(user);
        if (!Files.isRegularFile(codeFile)) {
            throw new IllegalArgumentException("no local sign-in secret at " + codeFile + ": the console makes it on "
                    + "its first start with local sign-in (in its data folder); otherwise name it with --code-file");
        }
        try {
            spec.commandLine().getOut().println(LocalSignInCodes.read(codeFile).codeFor(person.value()));
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return EnclaveCtl.ACCEPTED;
    }
}
