package io.enclavesuite.slack.home;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.view.View;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.slack.home.HomeView.Answer;
import io.enclavesuite.api.coordination.FeedBucket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HomeViewTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:17:42Z");
    private static final URI RECEIPTS = URI.create("https://console.example/receipts");

    @Test
    void aRoomIsInTheFirstBucketThatFits() throws Exception {
        assertThat(HomeView.bucketOf(item("{\"needsAttention\":true,\"updatedAt\":\"2026-11-01T00:00:00Z\"}"), NOW))
                .isEqualTo(FeedBucket.NEEDS_ATTENTION);
        assertThat(HomeView.bucketOf(item("{\"needsAttention\":false,\"updatedAt\":\"2026-11-25T09:17:42Z\"}"), NOW))
                .isEqualTo(FeedBucket.NOW);
        assertThat(HomeView.bucketOf(item("{\"needsAttention\":false,\"updatedAt\":\"2026-11-25T09:17:41Z\"}"), NOW))
                .isEqualTo(FeedBucket.TODAY);
        assertThat(HomeView.bucketOf(item("{\"needsAttention\":false,\"updatedAt\":\"2026-11-24T23:59:59Z\"}"), NOW))
                .isEqualTo(FeedBucket.EARLIER);
        assertThat(HomeView.bucketOf(item("{\"needsAttention\":false}"), NOW)).isEqualTo(FeedBucket.EARLIER);
    }

    @Test
    void theFeedShowsTheBadgeTheBucketsInOrderAndApproveDeclineOnARoomAwaitingApproval() throws Exception {
        Answer feed = new Answer(item("""
                {"badge":1,"items":[
                  {"room":"room-old","purpose":"retro","initiator":"U0BOB","label":"resolved","needsAttention":false,
                   "updatedAt":"2026-11-20T08:00:00Z"},
                  {"room":"room-ask","purpose":"planning","initiator":"U0BOB","label":"awaiting approval",
                   "needsAttention":true,"attention":"your approval is needed before your agent joins",
                   "updatedAt":"2026-11-25T10:00:00Z"}]}"""));
        Answer receipts = new Answer(item("[{\"receiptId\":\"r-1\",\"enclaveKind\":\"coordination\","
                + "\"enclaveId\":\"room-old\",\"purpose\":\"retro\",\"issuedAt\":\"2026-11-20T08:00:00Z\"}]"));

        View view = HomeView.of(feed, new Answer(item("[]")), receipts, NOW, RECEIPTS);

        List<String> texts = texts(view.getBlocks());
        assertThat(texts).containsSubsequence("Coordination", ":large_orange_circle: *1* needs your attention",
                "*Needs attention*", "• \"planning\" from <@U0BOB> · _awaiting approval_ — your approval is needed "
                        + "before your agent joins", "*Earlier*", "• \"retro\" from <@U0BOB> · _resolved_",
                "Your enclaves", "Your receipts");
        assertThat(texts).anySatisfy(t -> assertThat(t)
                .contains("<https://console.example/receipts#room-old|receipt r-1>"));
        List<ButtonElement> buttons = view.getBlocks().stream().filter(ActionsBlock.class::isInstance)
                .flatMap(b -> ((ActionsBlock) b).getElements().stream()).map(ButtonElement.class::cast).toList();
        assertThat(buttons).extracting(ButtonElement::getActionId)
                .containsExactly("approve_participation", "decline_participation", "defer_approval");
        assertThat(buttons).extracting(ButtonElement::getValue).containsOnly("room-ask");
    }

    /** A draft is answered like a request; a deferred one still can be, but is not deferred twice. */
    @Test
    void aDraftAndADeferredRequestKeepTheirAnswers() throws Exception {
        Answer feed = new Answer(item("""
                {"badge":1,"items":[
                  {"room":"room-draft","purpose":"sync","initiator":"U0BOB","label":"drafted","ruleId":"weekly-budget",
                   "needsAttention":true,"attention":"your agent drafted joining: approve it",
                   "updatedAt":"2026-11-25T10:00:00Z"},
                  {"room":"room-later","purpose":"offsite","initiator":"U0BOB","label":"awaiting approval",
                   "needsAttention":false,"deferred":true,"updatedAt":"2026-11-25T09:00:00Z"}]}"""));

        View view = HomeView.of(feed, new Answer(item("[]")), new Answer(item("[]")), NOW, RECEIPTS);

        List<ButtonElement> buttons = view.getBlocks().stream().filter(ActionsBlock.class::isInstance)
                .flatMap(b -> ((ActionsBlock) b).getElements().stream()).map(ButtonElement.class::cast).toList();
        assertThat(buttons).extracting(b -> b.getActionId() + " " + b.getValue()).containsExactly(
                "approve_participation room-draft", "decline_participation room-draft", "defer_approval room-draft",
                "approve_participation room-later", "decline_participation room-later");
    }

    private static List<String> texts(List<LayoutBlock> blocks) {
        return blocks.stream().map(b -> b instanceof SectionBlock s ? s.getText().getText()
                : b instanceof com.slack.api.model.block.HeaderBlock h ? h.getText().getText() : "").toList();
    }

    private static JsonNode item(String json) throws Exception {
        return EnclaveJson.mapper().readTree(json);
    }
}
