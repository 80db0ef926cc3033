package io.enclavesuite.console.room;

import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.DeclineParticipation;
import io.enclavesuite.api.coordination.DeferApproval;
import io.enclavesuite.console.actions.ConsoleCommands;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;
import io.enclavesuite.console.web.Pages;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.function.Function;

/**
 * One room for a participant: purpose, participants and their authorization, progress, the time limit and what was
 * disclosed to whom — as the read API gives it, which never holds anyone's windows. Approve, decline and defer are
 * the participant's own commands.
 */
@Controller
class RoomPage {

    private final ReadApi api;
    private final ConsoleCommands commands;

    RoomPage(ReadApi api, ConsoleCommands commands) {
        this.api = api;
        this.commands = commands;
    }

    @GetMapping("/rooms/{room}")
    String room(@PathVariable String room, Authentication authentication, Model model) {
        Person me = Pages.person(authentication);
        model.addAttribute("room", Pages.view(api.get(me, "/api/rooms/{room}", room)));
        model.addAttribute("disclosures", Pages.view(api.get(me, "/api/rooms/{room}/disclosures", room)));
        return "room";
    }

    @PostMapping("/rooms/{room}/approve")
    String approve(@PathVariable String room, Authentication authentication, RedirectAttributes flash) {
        return act(room, authentication, flash, ApproveParticipation::new, "You approved joining.");
    }

    @PostMapping("/rooms/{room}/decline")
    String decline(@PathVariable String room, @RequestParam(defaultValue = "") String reason,
                   Authentication authentication, RedirectAttributes flash) {
        String why = reason.isBlank() ? "declined in the console" : reason.strip();
        return act(room, authentication, flash, id -> new DeclineParticipation(id, why), "You declined: the room is called off.");
    }

    @PostMapping("/rooms/{room}/defer")
    String defer(@PathVariable String room, Authentication authentication, RedirectAttributes flash) {
        Person me = Pages.person(authentication);
        return act(room, authentication, flash, id -> new DeferApproval(id, me.id()),
                "Deferred: it leaves Needs attention and stays in your feed until you answer.");
    }

    private String act(String room, Authentication authentication, RedirectAttributes flash,
                       Function<CoordinationId, Object> command, String done) {
        Person me = Pages.person(authentication);
        CoordinationId id;
        try {
            id = CoordinationId.of(room);
        } catch (IllegalArgumentException e) {
            throw new ReadApi.NotFound();
        }
        ConsoleCommands.Outcome outcome = commands.send(me, command.apply(id), id.value());
        switch (outcome.kind()) {
            case ACCEPTED -> flash.addFlashAttribute("notice", done);
            case SENT -> flash.addFlashAttribute("notice", outcome.detail());
            default -> flash.addFlashAttribute("problem", outcome.detail());
        }
        return "redirect:/rooms/" + id.value();
    }
}
