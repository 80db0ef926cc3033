package io.enclavesuite.query;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** The rule every read endpoint keeps: what a reader may not see answers exactly like what does not exist. */
public final class NotFound {

    /**
     * {@code hidden} (which exists, but not for {@code user}) and {@code unknown} (which does not exist) answer 404
     * with the same problem document, but for the names asked for: the paths differ in one segment or parameter value,
     * and the unknown answer with that value swapped for the hidden one must be the hidden answer, byte for byte.
     */
    public static void assertHiddenAnswersLikeUnknown(MockMvc api, String user, String hidden, String unknown)
            throws Exception {
        String hiddenBody = notFound(api, user, hidden);
        String unknownBody = notFound(api, user, unknown);
        String[] swap = difference(hidden, unknown);
        assertThat(unknownBody.replace(swap[1], swap[0])).isEqualTo(hiddenBody);
    }

    private static String notFound(MockMvc api, String user, String uri) throws Exception {
        var response = api.perform(get(uri).with(ApiMockMvc.reader(user))).andReturn().getResponse();
        assertThat(response.getStatus()).as("status of %s for %s", uri, user).isEqualTo(404);
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return response.getContentAsString();
    }

    /** The one path segment or query value in which the two URIs differ. */
    private static String[] difference(String hidden, String unknown) {
        String[] a = hidden.split("[/?&=]");
        String[] b = unknown.split("[/?&=]");
        assertThat(b).as("the two requests differ in one name only").hasSameSizeAs(a);
        String[] swap = null;
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i])) {
                assertThat(swap).as("the two requests differ in one name only").isNull();
                swap = new String[] {a[i], b[i]};
            }
        }
        assertThat(swap).as("the two requests differ in a name").isNotNull();
        return swap;
    }

    private NotFound() {
    }
}
