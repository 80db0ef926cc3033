package io.enclavesuite.console.actions;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.commands.CommandPublisher;
import io.enclavesuite.console.signin.Person;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a person does in the console, as a command signed by the console's principal in that person's name — the
 * person the session proved, never one the form names — and the write side's answer when it comes in time.
 */
public class ConsoleCommands {

    private final CommandPublisher publisher;
    private final CommandOutcomes outcomes;
    private final Duration patience;

    public ConsoleCommands(CommandPublisher publisher, CommandOutcomes outcomes, Duration patience) {
        this.publisher = publisher;
        this.outcomes = outcomes;
        this.patience = patience;
    }

    /** Sends the command (a record that validated itself) keyed by its aggregate, and waits for its answer. */
    public Outcome send(Person person, Object command, String aggregate) {
        UUID commandId = UUID.randomUUID();
        var answer = outcomes.expect(commandId);
        try {
            publisher.publish(commandId, command, person.value(), null, aggregate);
        } catch (CommandPublisher.PublishFailed e) {
            answer.cancel(false);
            return new Outcome(Outcome.Kind.NOT_SENT, "The suite cannot take it right now (" + e.getMessage()
                    + "); nothing was sent. Try again in a minute.");
        }
        try {
            CommandResult result = answer.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return result.accepted() ? new Outcome(Outcome.Kind.ACCEPTED, null)
                    : new Outcome(Outcome.Kind.REJECTED, result.reason());
        } catch (TimeoutException e) {
            answer.cancel(false);
            return new Outcome(Outcome.Kind.SENT, "Sent; the suite has not answered yet. This page shows the result "
                    + "once it is done.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Outcome.Kind.SENT, "Sent.");
        } catch (ExecutionException e) {
            return new Outcome(Outcome.Kind.SENT, "Sent; its answer could not be read.");
        }
    }

    /** How an act went: accepted, refused with the write side's reason, sent without an answer yet, or not sent. */
    public record Outcome(Kind kind, String detail) {
        public enum Kind { ACCEPTED, REJECTED, SENT, NOT_SENT }

        public boolean failed() {
            return kind == Kind.REJECTED || kind == Kind.NOT_SENT;
        }
    }
}
