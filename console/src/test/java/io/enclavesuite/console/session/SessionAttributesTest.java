package io.enclavesuite.console.session;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.ConversionService;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;
import org.springframework.web.servlet.FlashMap;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a console session holds is read back as it was written; what it has no business holding, or cannot be read at
 * all, is read as absent.
 */
class SessionAttributesTest {

    private final ConversionService conversions = SessionAttributes.conversionService(getClass().getClassLoader());

    @Test
    void everyKindOfAttributeTheConsoleKeepsIsReadBack() {
        var person = AuthorityUtils.createAuthorityList("ROLE_PERSON");
        SecurityContextImpl slack = new SecurityContextImpl(new OAuth2AuthenticationToken(new DefaultOAuth2User(person,
                Map.of("https://slack.com/user_id", "U0CAROL"), "https://slack.com/user_id"), person, "slack"));
        SecurityContextImpl other = new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated("U0DAVE", null, person));
        DefaultCsrfToken csrf = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a-token");
        OAuth2AuthorizationRequest signingIn = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://slack.com/openid/connect/authorize").clientId("1234.5678")
                .redirectUri("http://localhost:8086/login/oauth2/code/slack").scope("openid").state("a-state")
                .additionalParameters(Map.of("nonce", "a-nonce-hash"))
                .attributes(Map.of("registration_id", "slack", "nonce", "a-nonce")).build();
        FlashMap flash = new FlashMap();
        flash.put("notice", "You approved joining.");
        flash.setTargetRequestPath("/rooms/room-1");
        flash.addTargetRequestParam("tab", "why");
        List<FlashMap> flashes = new CopyOnWriteArrayList<>(List.of(flash));

        for (Object attribute : List.<Object>of(slack, other, csrf, flashes, "Slack did not sign you in: nonce")) {
            assertThat(roundTrip(attribute)).isExactlyInstanceOf(attribute.getClass()).usingRecursiveComparison()
                    .isEqualTo(attribute);
        }
        OAuth2AuthorizationRequest read = (OAuth2AuthorizationRequest) roundTrip(signingIn);
        assertThat(read.getState()).isEqualTo("a-state");
        assertThat(read.getAttributes()).isEqualTo(signingIn.getAttributes());
        assertThat(read.getAuthorizationRequestUri()).isEqualTo(signingIn.getAuthorizationRequestUri());
        SavedRequest page = (SavedRequest) roundTrip(new SimpleSavedRequest("/rooms/room-1?tab=why"));
        assertThat(page.getRedirectUrl()).isEqualTo("/rooms/room-1?tab=why");
    }

    @Test
    void aClassASessionHasNoBusinessHoldingIsNotBuilt() {
        // serializable, on the console's classpath, and no part of a session: as if a row had been written by hand
        byte[] foreign = serialize(new TopicPartition("enclave-commands", 0));
        assertThat(SessionAttributes.read(foreign, getClass().getClassLoader())).isNull();
        byte[] nested = serialize(new CopyOnWriteArrayList<>(List.of(new TopicPartition("enclave-commands", 0))));
        assertThat(SessionAttributes.read(nested, getClass().getClassLoader())).isNull();
    }

    @Test
    void anAttributeThatCannotBeReadIsAbsent() {
        byte[] written = serialize(new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a-token"));
        assertThat(SessionAttributes.read(Arrays.copyOf(written, written.length / 2), getClass().getClassLoader()))
                .isNull();
        assertThat(SessionAttributes.read(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 1, 2, 3}, getClass().getClassLoader()))
                .isNull();
        assertThat(SessionAttributes.read(new byte[0], getClass().getClassLoader())).isNull();
    }

    private Object roundTrip(Object attribute) {
        return conversions.convert(serialize(attribute), Object.class);
    }

    private byte[] serialize(Object attribute) {
        return conversions.convert(attribute, byte[].class);
    }
}
