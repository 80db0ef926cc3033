package io.enclavesuite.slack.channel;

import com.slack.api.model.block.element.ButtonElement;
import io.enclavesuite.slack.notify.Notice;
import io.enclavesuite.slack.signin.SignInController;
import io.enclavesuite.slack.signin.SignInState;

import java.net.URI;
import java.util.List;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

/**
 * The ephemeral prompt that asks one person of a channel to sign in to its enclave: sent when they join the channel,
 * to each member already there when the enclave becomes active, and again on {@code /enclave join}. Its button leads
 * to Sign in with Slack; without OpenID Connect configured, the button itself signs them in by a click Slack signs.
 */
public class SignInPrompt {

    private final SignInState signIn;
    private final URI publicUrl;

    /** @param signIn null when Sign in with Slack is not configured */
    public SignInPrompt(SignInState signIn, URI publicUrl) {
        this.signIn = signIn;
        this.publicUrl = publicUrl;
    }

    /** The prompt for {@code user}, who is in {@code channel}, whose enclave is {@code enclave}. */
    public Notice to(String user, String channel, String enclave, String lead) {
        String text = lead + " This channel's team enclave is *" + enclave + "*. Sign in to become a member.";
        return new Notice(user, text, List.of(
                section(s -> s.text(markdownText(text))),
                actions(a -> a.elements(List.of(button(user, channel, enclave))))));
    }

    private ButtonElement button(String user, String channel, String enclave) {
        if (signIn == null) {
            return com.slack.api.model.block.element.BlockElements.button(b -> b.actionId(ChannelEvents.JOIN)
                    .style("primary").text(plainText("Sign in to " + enclave)).value(enclave));
        }
        String base = publicUrl.toString().endsWith("/") ? publicUrl.toString().substring(0, publicUrl.toString().length() - 1)
                : publicUrl.toString();
        String link = base + SignInController.START + "?state=" + signIn.issue(user, channel, enclave);
        return com.slack.api.model.block.element.BlockElements.button(b -> b.actionId(ChannelEvents.SIGN_IN)
                .style("primary").text(plainText("Sign in with Slack")).url(link));
    }
}
