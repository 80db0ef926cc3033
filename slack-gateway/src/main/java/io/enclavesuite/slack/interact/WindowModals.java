package io.enclavesuite.slack.interact;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.TimeWindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.datetimePicker;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

/**
 * The modals of a meeting sync: sharing availability windows (only start, end and how sure — nothing else of a
 * calendar), proposing a time, and countering a proposed slot with another time. Slack's date-time pickers show each person's own
 * time zone and send instants, so no time zone is guessed here.
 */
public final class WindowModals {

    public static final String SUBMIT_WINDOWS = "submit_windows";
    public static final String COUNTER_SLOT = "counter_slot";
    public static final String PROPOSE_SLOT = "propose_slot";
    static final int ROWS = 3;
    private static final String VALUE = "value";

    private WindowModals() {
    }

    /** What a parsed submission is: the windows, or the errors to show next to the fields (block id → message). */
    public record Parsed<T>(T value, Map<String, String> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static View windows(String room, String purpose) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText("When are you free for *" + purpose + "*? Only these windows are "
                + "shared, sealed; nothing else of your calendar is sent."))));
        for (int i = 1; i <= ROWS; i++) {
            boolean optional = i > 1;
            int row = i;
            blocks.add(input(b -> b.blockId(start(row)).optional(optional).label(plainText("Window " + row + " from"))
                    .element(datetimePicker(d -> d.actionId(VALUE)))));
            blocks.add(input(b -> b.blockId(end(row)).optional(optional).label(plainText("Window " + row + " until"))
                    .element(datetimePicker(d -> d.actionId(VALUE)))));
            blocks.add(input(b -> b.blockId(confidence(row)).optional(true).label(plainText("How sure (window " + row + ")"))
                    .element(staticSelect(s -> s.actionId(VALUE).placeholder(plainText("high"))
                            .options(List.of(option(plainText("high: I am free"), "high"),
                                    option(plainText("medium: probably"), "medium"),
                                    option(plainText("low: only if needed"), "low")))))));
        }
        return view(v -> v.type("modal").callbackId(SUBMIT_WINDOWS).privateMetadata(room)
                .title(viewTitle(t -> t.type("plain_text").text("Availability")))
                .submit(viewSubmit(t -> t.type("plain_text").text("Share")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(blocks));
    }

    public static View counter(RoomSlot rejected) {
        String metadata = rejected.value();
        return view(v -> v.type("modal").callbackId(COUNTER_SLOT).privateMetadata(metadata)
                .title(viewTitle(t -> t.type("plain_text").text("Another time")))
                .submit(viewSubmit(t -> t.type("plain_text").text("Propose")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(List.of(
                        section(s -> s.text(markdownText("Instead of proposal " + rejected.proposal()
                                + ", propose a time from everyone's overlap (sealed before it leaves the gateway):"))),
                        input(b -> b.blockId(start(1)).label(plainText("From")).element(datetimePicker(d -> d.actionId(VALUE)))),
                        input(b -> b.blockId(end(1)).label(plainText("Until")).element(datetimePicker(d -> d.actionId(VALUE)))))));
    }

    /** A time of the caller's own for the room; read back with {@link #alternative}, as the counter modal is. */
    public static View propose(String room, String purpose) {
        return view(v -> v.type("modal").callbackId(PROPOSE_SLOT).privateMetadata(room)
                .title(viewTitle(t -> t.type("plain_text").text("Propose a time")))
                .submit(viewSubmit(t -> t.type("plain_text").text("Propose")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(List.of(
                        section(s -> s.text(markdownText("Propose a time for *" + purpose + "* from everyone's overlap, "
                                + "once all have shared their windows (sealed before it leaves the gateway):"))),
                        input(b -> b.blockId(start(1)).label(plainText("From")).element(datetimePicker(d -> d.actionId(VALUE)))),
                        input(b -> b.blockId(end(1)).label(plainText("Until")).element(datetimePicker(d -> d.actionId(VALUE)))))));
    }

    public static Parsed<List<TimeWindow>> windows(ViewState state) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<TimeWindow> windows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            Optional<Instant> from = instant(state, start(i));
            Optional<Instant> until = instant(state, end(i));
            if (from.isEmpty() && until.isEmpty()) {
                continue;
            }
            if (from.isEmpty()) {
                errors.put(start(i), "When does this window start?");
            } else if (until.isEmpty()) {
                errors.put(end(i), "When does this window end?");
            } else if (!until.get().isAfter(from.get())) {
                errors.put(end(i), "A window ends after it starts.");
            } else {
                Confidence confidence = selected(state, confidence(i)).map(Confidence::parse).orElse(null);
                windows.add(new TimeWindow(from.get(), until.get(), confidence));
            }
        }
        if (windows.isEmpty() && errors.isEmpty()) {
            errors.put(start(1), "Share at least one window.");
        }
        return new Parsed<>(windows, errors);
    }

    public static Parsed<TimeWindow> alternative(ViewState state) {
        Optional<Instant> from = instant(state, start(1));
        Optional<Instant> until = instant(state, end(1));
        if (from.isEmpty()) {
            return new Parsed<>(null, Map.of(start(1), "When does it start?"));
        }
        if (until.isEmpty() || !until.get().isAfter(from.get())) {
            return new Parsed<>(null, Map.of(end(1), "It ends after it starts."));
        }
        return new Parsed<>(new TimeWindow(from.get(), until.get()), Map.of());
    }

    private static Optional<Instant> instant(ViewState state, String block) {
        return value(state, block).map(ViewState.Value::getSelectedDateTime).map(Instant::ofEpochSecond);
    }

    private static Optional<String> selected(ViewState state, String block) {
        return value(state, block).map(ViewState.Value::getSelectedOption).map(ViewState.SelectedOption::getValue);
    }

    private static Optional<ViewState.Value> value(ViewState state, String block) {
        if (state == null || state.getValues() == null || !state.getValues().containsKey(block)) {
            return Optional.empty();
        }
        return Optional.ofNullable(state.getValues().get(block).get(VALUE));
    }

    static String start(int row) {
        return "window_" + row + "_start";
    }

    static String end(int row) {
        return "window_" + row + "_end";
    }

    static String confidence(int row) {
        return "window_" + row + "_confidence";
    }
}
