package io.enclavesuite.slack.command;

import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;

import java.util.List;
import java.util.Objects;

/** What a slash command asks for, once its text is parsed; nothing here has touched Kafka or the read side yet. */
public sealed interface Intent {

    /** {@code help}, or a usage mistake: the topic names the command whose help to show. */
    record Help(Topic topic, String problem) implements Intent {
        public Help {
            Objects.requireNonNull(topic, "topic");
        }

        static Help of(Topic topic) {
            return new Help(topic, null);
        }
    }

    /** The help pages: one per sub-command plus the two overviews. */
    enum Topic {
        ENCLAVE, PROVISION, INFO, MEMBERS, MODE, TRANSFER, DEPROVISION, TENTACLES, RUN, MEET, MEET_STATUS, WHY,
        JOIN
    }

    /** Both may be null: the enclave's defaults apply. */
    record Provision(QuotaPreset quota, Mode mode) implements Intent {
    }

    record Info() implements Intent {
    }

    /** The sign-in prompt of this channel's enclave, again. */
    record Join() implements Intent {
    }

    record Members() implements Intent {
    }

    record Tentacles() implements Intent {
    }

    record SetMode(Mode mode) implements Intent {
        public SetMode {
            Objects.requireNonNull(mode, "mode");
        }
    }

    record Transfer(UserId newOwner) implements Intent {
        public Transfer {
            Objects.requireNonNull(newOwner, "newOwner");
        }
    }

    record Deprovision() implements Intent {
    }

    record Run(TentacleName tentacle) implements Intent {
        public Run {
            Objects.requireNonNull(tentacle, "tentacle");
        }
    }

    /** The caller is a participant too; {@code others} are the people they named. */
    record Meet(List<UserId> others, MeetingDuration duration, SearchRange range, Purpose purpose) implements Intent {
        public Meet {
            others = List.copyOf(others);
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(purpose, "purpose");
        }
    }

    record MeetStatus() implements Intent {
    }

    /** One item of an enclave's or room's history: its aggregate and the event's position in it. */
    record Why(String aggregate, long sequence) implements Intent {
        public Why {
            Objects.requireNonNull(aggregate, "aggregate");
        }
    }
}
