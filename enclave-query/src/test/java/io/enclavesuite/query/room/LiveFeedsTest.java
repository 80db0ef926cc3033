package io.enclavesuite.query.room;

import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.ReadModelDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

/** The live feed's bounds: a person's streams per replica are bounded, and every stream hears a heartbeat. */
class LiveFeedsTest {

    private JdbcTemplate jdbc;
    private LiveFeeds feeds;
    private MockMvc api;

    @BeforeEach
    void setUp() {
        jdbc = ReadModelDatabase.fresh();
        // heartbeats by hand here (an hour apart on their own); everyStreamHearsTheHeartbeat uses the scheduled one
        feeds = new LiveFeeds(jdbc, new LiveFeeds.Settings(3, Duration.ofHours(1)));
        api = ApiMockMvc.of(new RoomController(jdbc, feeds));
    }

    @AfterEach
    void tearDown() {
        feeds.endAll();
    }

    @Test
    void aPersonHoldsAtMostTheBoundAndTheOldestEnds() throws Exception {
        List<MvcResult> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            streams.add(api.perform(get("/api/feed/coordination/stream").with(reader("U0CAROL")))
                    .andExpect(request().asyncStarted()).andReturn());
        }
        assertThat(feeds.streamsOf("U0CAROL")).isEqualTo(3);
        // someone else's streams are theirs: Carol's bound takes none of them
        api.perform(get("/api/feed/coordination/stream").with(reader("U0DORA"))).andExpect(request().asyncStarted());
        assertThat(feeds.streamsOf("U0DORA")).isEqualTo(1);
        assertThat(feeds.streamsOf("U0CAROL")).isEqualTo(3);
        // the two oldest were ended: they carry the feed and nothing after it, while the newest hears the heartbeat
        feeds.heartbeat();
        assertThat(streams.get(4).getResponse().getContentAsString()).contains(":still here");
        assertThat(streams.get(0).getResponse().getContentAsString()).contains("event:feed")
                .doesNotContain(":still here");
        assertThat(streams.get(1).getResponse().getContentAsString()).doesNotContain(":still here");
    }

    @Test
    void everyStreamHearsTheHeartbeat() throws Exception {
        feeds.endAll();
        feeds = new LiveFeeds(jdbc, new LiveFeeds.Settings(3, Duration.ofMillis(100)));
        api = ApiMockMvc.of(new RoomController(jdbc, feeds));
        MvcResult stream = api.perform(get("/api/feed/coordination/stream").with(reader("U0CAROL")))
                .andExpect(request().asyncStarted()).andReturn();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(stream.getResponse().getContentAsString()).contains("event:feed", ":still here"));
    }
}
