package io.enclavesuite.write;

/**
 * A command the domain refuses: the sender gets a rejected result carrying this message, and nothing is stored.
 * Every refusal an aggregate makes extends this, so the intake can tell a "no" apart from a failure to answer.
 */
public class CommandRejectedException extends RuntimeException {

    public CommandRejectedException(String message) {
        super(message);
    }
}
