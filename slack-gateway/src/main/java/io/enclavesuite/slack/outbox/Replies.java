package io.enclavesuite.slack.outbox;

import com.slack.api.Slack;
import com.slack.api.bolt.util.Responder;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.webhook.WebhookResponse;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Answers a request later, through its response_url: seen only by the person who asked. */
@Component
public class Replies {

    private final Slack slack;

    public Replies(Slack slack) {
        this.slack = slack;
    }

    public void ephemeral(String responseUrl, String text, List<LayoutBlock> blocks) {
        try {
            WebhookResponse response = new Responder(slack, responseUrl).sendToCommand(r -> r
                    .responseType("ephemeral").text(text).blocks(blocks.isEmpty() ? null : blocks));
            if (response.getCode() >= 300) {
                throw new UncheckedIOException(new IOException("response_url answered " + response.getCode() + ": "
                        + response.getBody()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot answer through the response_url: " + e.getMessage(), e);
        }
    }
}
